export { torchHfPlugin, torchLlamaPlugin, torchPlugins } from './plugins';
export { torchHfOptions, torchLlamaOptions, type TorchHfOptions, type TorchLlamaOptions, type TorchWorkerOptions } from './options';
export { TORCH_PROTOCOL_VERSION, type WorkerHello, type WorkerInfo, type WorkerErrorPayload } from './protocol';
export { TorchWorkerError } from './worker-errors';
export { TorchWorkerClient, type CallTiming, type WorkerClientOptions } from './worker-client';
export { TorchBackend, type TorchCallRecord } from './torch-backend';
export { createTorchBackend } from './create-backend';
export { launchCommand, type LaunchCommand } from './launch';
export { findPython, workerDir, defaultVenv } from './python-env';
