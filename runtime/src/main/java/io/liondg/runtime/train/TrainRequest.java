package io.liondg.runtime.train;

import io.liondg.runtime.init.Strategy;
import io.liondg.runtime.models.Architecture;
import io.liondg.runtime.results.RunConfig;

/**
 * One training run to do.
 *
 * @param arch the architecture
 * @param init the initialization strategy
 * @param seed seeds initialization, shuffling and flips
 * @param config every training setting
 * @param device {@code auto}, {@code cpu} or {@code gpu}
 */
public record TrainRequest(Architecture arch, Strategy init, long seed, RunConfig config,
    String device) {}
