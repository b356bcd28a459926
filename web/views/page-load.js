// Loading the record a page shows: a loading notice first, then the record, or why there is none.
import { h, render } from '../dom.js';
import { problemNotice } from './parts.js';

/**
 * Shows `<title> <id>` and "Loading…" (unless `quiet`), then returns what `load()` answers; when
 * it fails, shows under `back` that the `noun` was not found or could not be loaded and returns
 * undefined (a 401 shows nothing: the app is already asking for a token).
 */
export async function loadForPage(main, { title, noun, id, back, load, quiet = false }) {
  if (!quiet)
    render(
      main,
      h('h1', {}, `${title} `, h('span', { class: 'code' }, id)),
      h('p', { class: 'muted' }, 'Loading…'),
    );
  try {
    return await load();
  } catch (error) {
    if (error.status === 401) return undefined;
    render(
      main,
      back,
      h('h1', {}, error.status === 404 ? `${title} not found` : `The ${noun} could not be loaded`),
      problemNotice(error.status === 404 ? `No ${noun} ${id}` : 'Error', error),
    );
    return undefined;
  }
}
