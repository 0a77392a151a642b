export { createTensorboardSink, metricsPlugins, tensorboardOptions, tensorboardSinkPlugin, type TensorboardOptions } from './tensorboard-sink';
