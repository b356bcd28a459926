/**
 * Adapters whose heavy libraries load on first use, for the composition root: pdf-lib (rendering
 * and reading PDFs) and the S3 document store with its presigner. Every Lambda's bundle is built
 * from the one composition root, so a function that never renders a PDF or touches a document
 * (the webhook, the small steps) would otherwise compile and run pdf-lib and the S3 client at
 * every cold start. esbuild keeps a module reached only through `import()` behind a lazy
 * initializer inside the bundle: it is parsed but neither compiled nor run until first use.
 * Locally (tsx) the same `import()` loads the TypeScript module on first use.
 */
import type { DocumentStore, Renderer } from '#core/ports.ts';

/** The PDF renderer and reader, loaded on the first call. */
export const lazyRenderer: Renderer = {
  renderPdf: async (spec) => (await import('#adapters/pdf/render.ts')).renderPdf(spec),
  unreadablePdfs: async (attachments, path) =>
    (await import('#adapters/pdf/validate.ts')).unreadablePdfs(attachments, path),
};

type AsyncMethods<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;
};

/**
 * An object whose every method loads `make()` on the first call and then calls its own. Only for
 * ports whose methods all return promises (DocumentStore); `then` stays undefined so the object is
 * not mistaken for a promise.
 */
export function lazyPort<T extends object>(make: () => Promise<AsyncMethods<T>>): T {
  let made: Promise<AsyncMethods<T>> | undefined;
  return new Proxy({} as T, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        made ??= make();
        const port = (await made) as Record<string, (...a: unknown[]) => Promise<unknown>>;
        const method = port[name];
        if (typeof method !== 'function') throw new TypeError(`the port has no method ${name}`);
        return method.apply(port, args);
      };
    },
  });
}

/** The S3 document store (and the presigner), loaded on the first call of any of its methods. */
export function lazyDocumentStore(): DocumentStore {
  return lazyPort<DocumentStore>(async () => (await import('#adapters/document-store.ts')).s3DocumentStore());
}
