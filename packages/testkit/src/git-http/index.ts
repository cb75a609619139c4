export {
  createGitHttpServer,
  type GitHttpServer,
  type GitHttpServerOptions,
} from './create-git-http-server.js';
