// Opening a generated document: fetched with the token, shown as a blob URL in a new tab.
import { getDocument } from '../../api.js';
import { h } from '../../dom.js';
import { actionButton } from '../action-button.js';

/** Fetches a document with the token and opens it as a blob URL in a new tab. */
export function documentButton(documentId, label) {
  return actionButton({
    label: `Open ${label} (PDF)`,
    busy: 'Opening…',
    attributes: { dataset: { documentId } },
    run: async (status) => {
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
    },
    failed: (error) => `Could not open it: ${error.message}`,
  });
}
