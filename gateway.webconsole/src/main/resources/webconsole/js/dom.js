// Building the page from data without ever parsing it as HTML: text goes in as text nodes.

/** Element {@code tag} with attributes (on* are listeners) and children (strings become text). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'value' && 'value' in element) {
      element.value = value;
    } else if (name === 'checked' || name === 'selected' || name === 'disabled') {
      element[name] = Boolean(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends {@code children} to {@code element}, skipping absent ones (Element.append would write "null"). */
export const put = (element, ...children) => append(element, children);

export function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * A table with a caption and column headers; {@code rows} are arrays of cells (strings or nodes) or
 * ready rows. On a narrow window each row becomes a block whose cells carry their column's name.
 */
export function table(caption, headers, rows, attributes) {
  const body = h('tbody', null, rows.length === 0
    ? h('tr', null, h('td', { colspan: headers.length, class: 'muted' }, 'None.'))
    : rows.map((row) => (row instanceof Node ? row : h('tr', null, row.map((cell) => h('td', null, cell))))));
  for (const row of body.rows) {
    [...row.cells].forEach((cell, index) => {
      if (cell.tagName === 'TD' && headers[index] && cell.colSpan === 1) cell.dataset.label = headers[index];
    });
  }
  const element = h('table', Object.assign({ class: 'stack' }, attributes || {}),
    h('caption', null, caption),
    h('thead', null, h('tr', null, headers.map((header) => h('th', { scope: 'col' }, header)))),
    body);
  return h('div', { class: 'table-wrap' }, element);
}

/** A state as words (and a mark), never as colour alone. */
export function state(value) {
  const text = value === undefined || value === null || value === '' ? 'unknown' : String(value);
  const marks = { loaded: '●', active: '●', approved: '✓', used: '✓', ok: '✓', pending: '…', pending_approval: '…',
    upgrade_held: '…', disabled: '○', installed: '○', failed: '✗', denied: '✗', revoked: '✗', expired: '✗', broken: '✗' };
  const mark = marks[text] || '•';
  return h('span', { class: 'state state-' + text.replace(/[^a-z_]/g, '') }, h('span', { 'aria-hidden': 'true' }, mark + ' '), text);
}

/** A description list from [term, definition] pairs, skipping empty definitions. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

export const code = (text) => h('code', null, text);

/** A SHA-256 shortened for tables; the whole digest stays readable in the cell's text for copy and search. */
export function digest(hex) {
  if (!hex) {
    return '';
  }
  return h('code', { class: 'digest' }, h('span', null, String(hex).slice(0, 12)), h('span', { class: 'digest-rest' }, String(hex).slice(12)));
}

/** An API refusal as the operator reads it: the code, the message, and each detail. */
export function problem(error, heading) {
  return h('div', { class: 'problem', role: 'alert' },
    heading ? h('p', { class: 'problem-heading' }, heading) : null,
    h('p', null, h('strong', null, 'Error ', h('code', { class: 'error-code' }, error.code || 'error')), ': ', error.message || ''),
    error.details && error.details.length
      ? h('ul', { class: 'problem-details' }, error.details.map((detail) => h('li', null, typeof detail === 'string' ? detail : JSON.stringify(detail))))
      : null);
}

export function button(label, onclick, attributes) {
  return h('button', Object.assign({ type: 'button', onclick }, attributes || {}), label);
}

/** Runs {@code action} with {@code control} disabled, so a second click cannot send the request twice. */
export async function busy(control, action) {
  control.disabled = true;
  control.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    control.disabled = false;
    control.removeAttribute('aria-busy');
  }
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  return h('time', { datetime: iso }, String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
}
