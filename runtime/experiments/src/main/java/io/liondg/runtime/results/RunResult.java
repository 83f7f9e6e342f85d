package io.liondg.runtime.results;

import io.liondg.runtime.init.InitReport;
import io.liondg.runtime.train.AwakeningSample;
import java.util.List;

/**
 * The result of one training run: one JSON object, one line of a grid's {@code results.jsonl}.
 * Field names become snake_case keys ({@link ResultJson}).
 *
 * @param dataset dataset name, e.g. {@code fashion-mnist}
 * @param arch architecture name, e.g. {@code densenet-ds}
 * @param init strategy name, e.g. {@code lion-dg}
 * @param seed the run's seed
 * @param params trainable parameter count
 * @param config every setting used
 * @param engine engine, version and device
 * @param stepsToTarget first step whose running accuracy reached the target; null if never
 * @param finalTrainAcc running main-head training accuracy at the end
 * @param valAcc main-head accuracy on the test split
 * @param auxValAcc each aux head's accuracy on the test split, in tree order
 * @param wallSeconds wall time of the run, initialization included
 * @param msPerStep mean wall milliseconds per training step
 * @param status {@code ok} or {@code diverged}
 * @param initReport what the initialization did
 * @param curve training curve samples
 * @param awakening gradient-awakening probes; the first at step 0 before any update
 * @param data where the data came from and how long loading took; null in results written before it
 *     was recorded
 * @param commit the git commit of the code that ran (with {@code -dirty} if it had uncommitted
 *     changes), or null where unknown (not run from a git checkout)
 */
public record RunResult(
    String dataset,
    String arch,
    String init,
    long seed,
    long params,
    RunConfig config,
    EngineInfo engine,
    Integer stepsToTarget,
    double finalTrainAcc,
    double valAcc,
    List<Double> auxValAcc,
    double wallSeconds,
    double msPerStep,
    String status,
    InitReport initReport,
    List<CurvePoint> curve,
    List<AwakeningSample> awakening,
    DataSource data,
    String commit) {

  /**
   * Where a run's data came from.
   *
   * @param form the form read: {@code binary}, {@code idx}, {@code images} or {@code generated}
   * @param path the folder or archive given or found, or null for generated data
   * @param loadSeconds wall seconds to read and decode both splits
   */
  public record DataSource(String form, String path, double loadSeconds) {}

  /**
   * @param data where the data came from
   * @param commit the code's git commit, or null
   * @return this result with those two set
   */
  public RunResult withProvenance(DataSource data, String commit) {
    return new RunResult(
        dataset,
        arch,
        init,
        seed,
        params,
        config,
        engine,
        stepsToTarget,
        finalTrainAcc,
        valAcc,
        auxValAcc,
        wallSeconds,
        msPerStep,
        status,
        initReport,
        curve,
        awakening,
        data,
        commit);
  }

  /** Status of a run that finished. */
  public static final String OK = "ok";

  /** Status of a run stopped by a NaN or infinite loss. */
  public static final String DIVERGED = "diverged";

  /**
   * @param djl DJL's version
   * @param pytorch the PyTorch version of the native library
   * @param device e.g. {@code cpu()} or {@code gpu(0)}
   */
  public record EngineInfo(String djl, String pytorch, String device) {}

  /**
   * @param step training step (0-based, after that step's update)
   * @param loss total deep-supervision loss of that batch
   * @param trainAcc running main-head accuracy over the last {@code window} batches
   */
  public record CurvePoint(int step, double loss, double trainAcc) {}
}
