/** The renderer port: pdf-lib, loaded on first use. */
import { lazyRenderer } from '../lazy-adapters.ts';

export const renderer = () => lazyRenderer;
