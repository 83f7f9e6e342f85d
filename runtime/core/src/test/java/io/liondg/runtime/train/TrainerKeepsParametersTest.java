package io.liondg.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import io.liondg.runtime.init.InitOptions;
import io.liondg.runtime.init.Initialization;
import io.liondg.runtime.init.Strategy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Initialization's Javadoc promises: DJL's trainer keeps the parameters that exist. */
class TrainerKeepsParametersTest {

  @Test
  void newTrainerAndTrainerInitializeKeepTheStrategysParameters() {
    TinyDsNet net = new TinyDsNet();
    try (Model model = Model.newInstance("tiny", Device.cpu())) {
      model.setBlock(net);
      Initialization.apply(
          net,
          net.tree(),
          Strategy.LION_DG,
          new InitOptions(model.getNDManager(), TinyDsNet.INPUT, null, 7));
      Map<String, float[]> before = values(net);
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(new DeepSupervisionLoss(net.tree(), 0.3))
              .optInitializer(Initializer.ONES, Parameter.Type.WEIGHT)
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(TinyDsNet.INPUT);
        Map<String, float[]> after = values(net);
        for (String name : before.keySet()) {
          assertArrayEquals(before.get(name), after.get(name), name);
        }
      }
    }
  }

  private static Map<String, float[]> values(TinyDsNet net) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (var pair : net.getParameters()) {
      values.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
    }
    return values;
  }
}
