/**
 * Datasets for training: CIFAR-10 and CIFAR-100 binary readers ({@link
 * io.liondg.runtime.data.CifarReader}), a Fashion-MNIST IDX reader ({@link
 * io.liondg.runtime.data.IdxReader}, {@link io.liondg.runtime.data.FashionMnist}), the seeded
 * {@code synthetic} dataset ({@link io.liondg.runtime.data.SyntheticData}), all reached by name
 * through {@link io.liondg.runtime.data.Datasets#load}; and batching: seeded shuffles, per-image
 * random horizontal flips and per-channel normalization ({@link
 * io.liondg.runtime.data.BatchSampler}), in-order evaluation ({@link
 * io.liondg.runtime.data.EvalBatches}); and the same images, normalized and flipped the same way,
 * as DJL datasets for {@code EasyTrain.fit} ({@link io.liondg.runtime.data.ImageSetDataset}, {@link
 * io.liondg.runtime.data.DataSplits#trainDataset}).
 *
 * <p>Pixels stay bytes in memory ({@link io.liondg.runtime.data.ImageSet}); bad input is a {@link
 * io.liondg.runtime.data.DataException} with a one-line message.
 */
package io.liondg.runtime.data;
