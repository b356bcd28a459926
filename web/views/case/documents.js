// Opening a generated document: fetched with the token, shown as a blob URL in a new tab.
import { getDocument } from '../../api.js';
import { h } from '../../dom.js';

/** Fetches a document with the token and opens it as a blob URL in a new tab. */
export function documentButton(documentId, label) {
  const status = h('span', { class: 'doc-status small muted', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary',
      dataset: { documentId },
      on: {
        click: async () => {
          button.disabled = true;
          status.textContent = 'Opening…';
          try {
            const blob = await getDocument(documentId);
            const url = URL.createObjectURL(blob);
            // Not 'noopener': with it window.open returns null and the page cannot tell a blocked tab.
            const opened = window.open(url, '_blank');
            if (opened) opened.opener = null;
            status.replaceChildren(
              opened ? 'Opened in a new tab. ' : 'Your browser blocked the new tab. ',
              h('a', { href: url, download: `${documentId}.pdf` }, 'Download the PDF'),
            );
            setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000);
          } catch (error) {
            status.textContent = `Could not open it: ${error.message}`;
          } finally {
            button.disabled = false;
          }
        },
      },
    },
    `Open ${label} (PDF)`,
  );
  return h('span', { class: 'doc' }, button, ' ', status);
}
