// A button that runs an action against the API, with a status line beside it for screen readers.
import { h } from '../dom.js';

/**
 * The button is disabled while `run(status)` works; the status says `busy` meanwhile, then what
 * `run` puts in it, or `failed(error)`.
 */
export function actionButton({ label, busy, attributes, run, failed }) {
  const status = h('span', { class: 'doc-status small muted', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      ...attributes,
      on: {
        click: async () => {
          button.disabled = true;
          status.textContent = busy;
          try {
            await run(status);
          } catch (error) {
            status.textContent = failed(error);
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    label,
  );
  return h('span', { class: 'doc' }, button, ' ', status);
}
