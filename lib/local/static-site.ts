/**
 * The worklist web app (web/) served at /app/ by the local HTTP server, as static files. The
 * file-serving logic is shared with the `web` Lambda that serves the same folder on AWS.
 */
export { type StaticReply, type StaticSite, serveStatic } from '../../lambdas/adapters/static-files.ts';
