// A config form rendered from a plugin's JSON Schema. The server validates every write and is the
// authority: the form only helps to type values, and shows each error the server names at its field.
//
// Rendered: objects with properties (nested as fieldsets), strings (enum as a choice), integers and
// numbers, booleans, arrays of scalars (one value per line). writeOnly fields are password inputs
// that are never filled from the server (which masks them) and are sent only when typed. Anything
// else is edited as JSON in a text area of its own.

import { h } from './dom.js';

export const MASK = '********';

const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/** RFC 6901: one reference token. */
const escapeToken = (name) => String(name).replace(/~/g, '~0').replace(/\//g, '~1');

function typeOf(schema) {
  if (!schema || typeof schema !== 'object') {
    return null;
  }
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type) => type !== 'null');
    return types.length === 1 ? types[0] : null;
  }
  if (typeof schema.type === 'string') {
    return schema.type;
  }
  if (schema.properties) {
    return 'object';
  }
  return null;
}

/** The schema with local $ref and allOf folded in where that is plain; null when the form cannot say. */
function resolve(schema, root, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 8) {
    return null;
  }
  let resolved = schema;
  if (typeof schema.$ref === 'string') {
    if (!schema.$ref.startsWith('#/')) {
      return null;
    }
    let target = root;
    for (const token of schema.$ref.slice(2).split('/')) {
      target = target && target[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    const { $ref, ...rest } = schema;
    const base = resolve(target, root, depth + 1);
    if (!base) {
      return null;
    }
    resolved = Object.assign({}, base, rest);
  }
  if (Array.isArray(resolved.allOf)) {
    const parts = resolved.allOf.map((part) => resolve(part, root, depth + 1));
    if (parts.some((part) => !part)) {
      return null;
    }
    const { allOf, ...rest } = resolved;
    const merged = Object.assign({}, rest);
    for (const part of parts) {
      const properties = Object.assign({}, merged.properties, part.properties);
      const required = [...(merged.required || []), ...(part.required || [])];
      Object.assign(merged, part, { properties, required });
    }
    resolved = merged;
  }
  if (resolved.anyOf || resolved.oneOf || resolved.if || resolved.not) {
    return null;
  }
  return resolved;
}

/**
 * The form for {@code schema} holding {@code value} (the config as the server shows it, secrets masked).
 * Returns {element, collect, showErrors, clearErrors}: collect() gives {value, problems} where problems
 * are values the form could not read (JSON that does not parse), each at its field.
 */
export function schemaForm(schema, value, idPrefix) {
  const fields = new Map(); // pointer -> {container, error, input}
  const formErrors = h('ul', { class: 'form-errors', id: idPrefix + '-form-errors', hidden: true });

  function fieldId(pointer) {
    return idPrefix + '-field' + (pointer === '' ? '-root' : pointer.replace(/[^A-Za-z0-9_-]/g, '_'));
  }

  function register(pointer, container, input) {
    const error = h('p', { class: 'field-error', id: fieldId(pointer) + '-error', hidden: true });
    container.append(error);
    const described = [input.getAttribute('aria-describedby'), error.id].filter(Boolean).join(' ');
    input.setAttribute('aria-describedby', described);
    fields.set(pointer, { container, error, input });
  }

  function labelFor(name, schema, required) {
    return [schema.title || name, required ? h('span', { class: 'required' }, ' (required)') : null];
  }

  function hints(schema) {
    const rules = [];
    if (schema.minLength !== undefined) rules.push('at least ' + schema.minLength + ' characters');
    if (schema.maxLength !== undefined) rules.push('at most ' + schema.maxLength + ' characters');
    if (schema.pattern) rules.push('matches ' + schema.pattern);
    if (schema.format) rules.push('format ' + schema.format);
    if (schema.minimum !== undefined) rules.push('at least ' + schema.minimum);
    if (schema.exclusiveMinimum !== undefined) rules.push('more than ' + schema.exclusiveMinimum);
    if (schema.maximum !== undefined) rules.push('at most ' + schema.maximum);
    if (schema.exclusiveMaximum !== undefined) rules.push('less than ' + schema.exclusiveMaximum);
    if (schema.default !== undefined && !schema.writeOnly) rules.push('default ' + JSON.stringify(schema.default));
    return { description: schema.description || '', rules: rules.join('; ') };
  }

  function hintElement(pointer, schema, extra) {
    const { description, rules } = hints(schema);
    const detail = [rules, extra].filter(Boolean).join('; ');
    if (!description && !detail) return null;
    return h('p', { class: 'hint', id: fieldId(pointer) + '-hint' }, description, description && detail ? ' ' : '', detail ? '(' + detail + ')' : '');
  }

  /** One field: returns {element, read} where read() gives the value to send (undefined: leave it out). */
  function field(name, pointer, rawSchema, current, required) {
    const schema = resolve(rawSchema, schema0);
    const type = typeOf(schema);
    const id = fieldId(pointer);
    if (schema && type === 'object' && schema.properties && typeof schema.properties === 'object') {
      const group = objectFields(pointer, schema, current && typeof current === 'object' && !Array.isArray(current) ? current : {});
      const fieldset = h('fieldset', { class: 'field', id, 'data-pointer': pointer },
        h('legend', null, labelFor(name, schema, required)), hintElement(pointer, schema), group.elements);
      register(pointer, fieldset, fieldset);
      return {
        element: fieldset,
        read: () => {
          const collected = group.read();
          return Object.keys(collected).length === 0 && current === undefined && !required ? undefined : collected;
        },
      };
    }
    if (schema && SCALARS.has(type)) {
      return scalarField(name, pointer, schema, type, current, required, id);
    }
    if (schema && type === 'array' && schema.items && SCALARS.has(typeOf(resolve(schema.items, schema0))) && !Array.isArray(schema.items)) {
      return listField(name, pointer, schema, resolve(schema.items, schema0), current, required, id);
    }
    return jsonField(name, pointer, rawSchema || {}, current, required, id);
  }

  function scalarField(name, pointer, schema, type, current, required, id) {
    const hint = hintElement(pointer, schema, schema.writeOnly
      ? (current !== undefined ? 'stored; write-only: leave empty to keep it, type to replace it' : 'not set; write-only: the gateway never shows it')
      : null);
    const describedBy = hint ? hint.id : null;
    let input;
    let read;
    if (schema.writeOnly) {
      input = h('input', { id, name: pointer, type: 'password', autocomplete: 'new-password', 'aria-describedby': describedBy,
        'data-write-only': 'true', placeholder: current !== undefined ? 'stored (unchanged)' : 'not set' });
      read = () => {
        if (input.value !== '') return coerce(input.value, type);
        return current !== undefined ? MASK : undefined; // the mask keeps the stored secret
      };
    } else if (Array.isArray(schema.enum)) {
      input = h('select', { id, name: pointer, 'aria-describedby': describedBy },
        required ? null : h('option', { value: '' }, '(not set)'),
        schema.enum.map((option, index) => h('option', { value: String(index), selected: JSON.stringify(option) === JSON.stringify(current) }, String(option))));
      read = () => (input.value === '' ? undefined : schema.enum[Number(input.value)]);
    } else if (type === 'boolean') {
      input = h('select', { id, name: pointer, 'aria-describedby': describedBy },
        h('option', { value: '' }, '(not set)'),
        h('option', { value: 'true', selected: current === true }, 'true'),
        h('option', { value: 'false', selected: current === false }, 'false'));
      read = () => (input.value === '' ? undefined : input.value === 'true');
    } else if (type === 'integer' || type === 'number') {
      input = h('input', { id, name: pointer, type: 'text', inputmode: type === 'integer' ? 'numeric' : 'decimal',
        'aria-describedby': describedBy, value: current === undefined ? '' : String(current) });
      read = () => (input.value.trim() === '' ? undefined : coerce(input.value.trim(), type));
    } else {
      const inputType = schema.format === 'email' ? 'email' : schema.format === 'uri' ? 'url' : 'text';
      input = h('input', { id, name: pointer, type: inputType, 'aria-describedby': describedBy,
        value: current === undefined ? '' : String(current) });
      read = () => (input.value === '' && current === undefined ? undefined : input.value);
    }
    const container = h('div', { class: 'field', 'data-pointer': pointer },
      h('label', { for: id }, labelFor(name, schema, required)), input, hint);
    register(pointer, container, input);
    return { element: container, read };
  }

  function listField(name, pointer, schema, items, current, required, id) {
    const type = typeOf(items);
    const hint = hintElement(pointer, schema, 'one value per line');
    const input = h('textarea', { id, name: pointer, rows: 4, 'aria-describedby': hint ? hint.id : null });
    input.value = Array.isArray(current) ? current.map((item) => String(item)).join('\n') : '';
    const container = h('div', { class: 'field', 'data-pointer': pointer },
      h('label', { for: id }, labelFor(name, schema, required)), input, hint);
    register(pointer, container, input);
    return {
      element: container,
      read: () => {
        const lines = input.value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
        if (lines.length === 0 && current === undefined) return undefined;
        return lines.map((line) => coerce(line, type));
      },
    };
  }

  function jsonField(name, pointer, schema, current, required, id) {
    const hint = hintElement(pointer, schema, 'edited as JSON');
    const input = h('textarea', { id, name: pointer, rows: 6, class: 'json', spellcheck: 'false', 'aria-describedby': hint ? hint.id : null });
    input.value = current === undefined ? '' : JSON.stringify(current, null, 2);
    const container = h('div', { class: 'field', 'data-pointer': pointer },
      h('label', { for: id }, labelFor(name, schema, required)), input, hint);
    register(pointer, container, input);
    return {
      element: container,
      read: () => {
        if (input.value.trim() === '') return undefined;
        try {
          return JSON.parse(input.value);
        } catch (e) {
          throw new FieldProblem(pointer, 'not JSON: ' + e.message);
        }
      },
    };
  }

  function objectFields(pointer, schema, current) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const readers = [];
    const elements = [];
    for (const [name, propertySchema] of Object.entries(schema.properties || {})) {
      const child = field(name, pointer + '/' + escapeToken(name), propertySchema, current[name], required.has(name));
      elements.push(child.element);
      readers.push([name, child.read]);
    }
    return {
      elements,
      read: () => {
        const value = {};
        for (const [name, read] of readers) {
          const item = read();
          if (item !== undefined) value[name] = item;
        }
        return value;
      },
    };
  }

  const schema0 = schema;
  const root = resolve(schema, schema) || {};
  let rootRead;
  let elements;
  if (typeOf(root) === 'object' && root.properties) {
    const group = objectFields('', root, value && typeof value === 'object' ? value : {});
    rootRead = group.read;
    elements = group.elements;
  } else {
    const only = jsonField('config', '', schema || {}, value, true, fieldId(''));
    rootRead = only.read;
    elements = [only.element];
  }
  const element = h('div', { class: 'schema-form' }, formErrors,
    elements.length ? elements : h('p', { class: 'muted', id: idPrefix + '-no-settings' }, 'The schema declares no settings.'));

  function clearErrors() {
    formErrors.replaceChildren();
    formErrors.hidden = true;
    for (const { container, error, input } of fields.values()) {
      error.replaceChildren();
      error.hidden = true;
      container.classList.remove('invalid');
      input.removeAttribute('aria-invalid');
    }
  }

  /** Puts {@code text} at the field of {@code pointer}, or of its nearest enclosing field, or above the form. */
  function showAt(pointer, text) {
    let at = pointer;
    while (at !== '' && !fields.has(at)) {
      at = at.slice(0, at.lastIndexOf('/'));
    }
    const target = fields.get(at);
    if (!target || (at === '' && pointer === '' && !fields.has(''))) {
      formErrors.append(h('li', null, pointer ? pointer + ': ' + text : text));
      formErrors.hidden = false;
      return;
    }
    target.error.append(h('span', { class: 'field-error-line' }, h('span', { 'aria-hidden': 'true' }, '✗ '), text));
    target.error.hidden = false;
    target.container.classList.add('invalid');
    target.input.setAttribute('aria-invalid', 'true');
  }

  /** Shows the server's details: "POINTER (keyword): message", each at its field. */
  function showErrors(details) {
    clearErrors();
    for (const detail of details) {
      const parsed = parseDetail(String(detail));
      let pointer = parsed.pointer;
      if (parsed.keyword === 'required') {
        const missing = /'([^']+)'/.exec(parsed.message);
        if (missing) pointer = pointer.replace(/\/$/, '') + '/' + escapeToken(missing[1]);
      }
      showAt(pointer, parsed.keyword ? parsed.message + ' (' + parsed.keyword + ')' : parsed.message);
    }
    const first = element.querySelector('[aria-invalid="true"]');
    if (first) first.focus();
  }

  function collect() {
    try {
      return { value: rootRead(), problems: [] };
    } catch (e) {
      if (e instanceof FieldProblem) {
        return { value: undefined, problems: [[e.pointer, e.message]] };
      }
      throw e;
    }
  }

  function showProblems(problems) {
    clearErrors();
    problems.forEach(([pointer, text]) => showAt(pointer, text));
  }

  return { element, collect, showErrors, showProblems, clearErrors };
}

class FieldProblem extends Error {
  constructor(pointer, message) {
    super(message);
    this.pointer = pointer;
  }
}

/** A typed text as the schema's type: numbers as numbers when they read as one, else as typed (the server says why). */
function coerce(text, type) {
  if (type === 'integer' || type === 'number') {
    return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  if (type === 'boolean') {
    return text === 'true' ? true : text === 'false' ? false : text;
  }
  return text;
}

/** "/a/b (keyword): message" as the gateway writes invalid_config details. */
export function parseDetail(detail) {
  const match = /^(\/\S*|)\s*\(([A-Za-z$]+)\):\s*([\s\S]*)$/.exec(detail);
  if (!match) {
    return { pointer: '', keyword: '', message: detail };
  }
  return { pointer: match[1], keyword: match[2], message: match[3] };
}
