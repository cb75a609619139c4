export { CallbackError, type CallbackErrorCode, isCallbackError } from './callback-error.js';
export {
  type CallbackDelivery,
  type CallbackRetry,
  callbackBody,
  type PostCallbackOptions,
  postCallback,
} from './post-callback.js';
