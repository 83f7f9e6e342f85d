package io.liondg.runtime.run;

import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.ModelFactory;
import io.liondg.runtime.results.RunConfig;

/**
 * One training run to do.
 *
 * @param model makes the model: a built-in architecture or a user's class
 * @param init the initialization strategy
 * @param seed seeds initialization, shuffling and flips
 * @param config every training setting
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 */
public record TrainRequest(
    ModelFactory model, Strategy init, long seed, RunConfig config, String device) {}
