// The attachments of the request: PDFs read in the browser and sent as base64.
import { h } from '../../dom.js';

/** The attachments fieldset; it edits `state.base.attachments` and sets `state.redrawAttachments`. */
export function attachmentsBlock(state) {
  const list = h('ul', { class: 'attachments' });
  const redraw = () => {
    list.replaceChildren(
      ...(state.base.attachments ?? []).map((a, i) =>
        h(
          'li',
          {},
          `${a.title} (${a.kind}, PDF) `,
          h(
            'button',
            {
              type: 'button',
              class: 'button button--quiet button--small',
              on: {
                click: () => {
                  state.base.attachments.splice(i, 1);
                  redraw();
                },
              },
            },
            'Remove',
            h('span', { class: 'visually-hidden' }, ` ${a.title}`),
          ),
        ),
      ),
    );
    if (!state.base.attachments?.length) list.append(h('li', { class: 'muted' }, 'No attachments.'));
  };
  const file = h('input', {
    id: 'field-attachments',
    type: 'file',
    accept: 'application/pdf',
    multiple: true,
    on: {
      change: async () => {
        for (const f of file.files) {
          const bytes = new Uint8Array(await f.arrayBuffer());
          let binary = '';
          for (let i = 0; i < bytes.length; i += 0x8000)
            binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          state.base.attachments ??= [];
          state.base.attachments.push({
            kind: 'clinical_note',
            title: f.name,
            contentType: 'application/pdf',
            data: btoa(binary),
          });
        }
        file.value = '';
        redraw();
      },
    },
  });
  state.redrawAttachments = redraw;
  redraw();
  return h(
    'fieldset',
    { class: 'card' },
    h('legend', {}, 'Attachments'),
    h(
      'div',
      { class: 'field', dataset: { path: 'attachments' } },
      h('label', { for: 'field-attachments' }, 'Add clinical documents (PDF)'),
      list,
      file,
    ),
  );
}
