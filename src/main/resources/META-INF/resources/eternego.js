'use strict';

const $ = (selector) => document.querySelector(selector);

async function api(path, options = {}) {
  const response = await fetch(path, options);
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error((body && body.detail) || `The service answered ${response.status}.`);
  }
  return body;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function action(label, handler) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.addEventListener('click', handler);
  return button;
}

async function act(path, method = 'POST') {
  try {
    const body = await api(path, { method });
    $('#personas-message').textContent = body && body.detail ? body.detail : '';
  } catch (error) {
    $('#personas-message').textContent = error.message;
  }
  await refresh();
}

async function refresh() {
  const { personas } = await api('/api/personas');
  const rows = $('#personas tbody');
  rows.replaceChildren();
  for (const p of personas) {
    const row = document.createElement('tr');
    row.dataset.id = p.id;
    row.append(cell(p.name), cell(p.thinking ? p.thinking.name : ''), cell(p.status),
      cell(p.running ? 'yes' : 'no'), cell(p.birthday || ''));
    const actions = document.createElement('td');
    actions.append(
      p.running ? action('Stop', () => act(`/api/persona/${p.id}/stop`))
                : action('Start', () => act(`/api/persona/${p.id}/start`)),
      action('Sleep', () => act(`/api/persona/${p.id}/sleep`)),
      action('Export', () => { window.location = `/api/persona/${p.id}/export`; }),
      action('Delete', () => {
        if (confirm(`Delete ${p.name}? Her newest diary is kept in archive/.`)) {
          act(`/api/persona/${p.id}/delete`);
        }
      }));
    row.append(actions);
    rows.append(row);
  }
  $('#personas').hidden = personas.length === 0;
  $('#personas-empty').hidden = personas.length !== 0;
}

function describe(progress) {
  const amount = progress.total ? ` ${Math.floor(100 * (progress.completed || 0) / progress.total)}%` : '';
  return `${progress.part}: ${progress.step}${amount}${progress.detail ? ' (' + progress.detail + ')' : ''}`;
}

/** Reads a server-sent event stream from a POST, calling onEvent(name, data) for each event. */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trim());
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

$('#create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = {};
  for (const [key, value] of form.entries()) {
    if (value !== '') body[key] = value;
  }
  $('#create-message').textContent = '';
  $('#phrase-box').hidden = true;
  const progress = $('#create-progress');
  progress.replaceChildren();
  const submit = event.target.querySelector('button');
  submit.disabled = true;
  try {
    const response = await fetch('/api/persona/create', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const error = await response.json();
      throw new Error(error.detail);
    }
    await readEvents(response, (name, data) => {
      if (name === 'progress') {
        const item = document.createElement('li');
        item.textContent = describe(data);
        progress.append(item);
      } else if (name === 'result') {
        $('#phrase').textContent = data.recovery_phrase;
        $('#phrase-box').hidden = false;
        event.target.reset();
      } else if (name === 'error') {
        $('#create-message').textContent = data.detail;
      }
    });
  } catch (error) {
    $('#create-message').textContent = error.message;
  } finally {
    submit.disabled = false;
    await refresh();
  }
});

$('#migrate').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  for (const [key, value] of [...form.entries()]) {
    if (value === '') form.delete(key);
  }
  $('#migrate-message').textContent = '';
  try {
    const { persona } = await api('/api/persona/migrate', { method: 'POST', body: form });
    $('#migrate-message').textContent = '';
    $('#personas-message').textContent = `${persona.name} is here.`;
    event.target.reset();
  } catch (error) {
    $('#migrate-message').textContent = error.message;
  }
  await refresh();
});

refresh().catch((error) => { $('#personas-message').textContent = error.message; });
