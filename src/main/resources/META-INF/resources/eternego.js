'use strict';

const $ = (selector, root = document) => root.querySelector(selector);

const ORGANS = [['thinking', 'Mind'], ['imagination', 'Imagination'], ['mouth', 'Mouth'], ['eye', 'Eye'],
  ['ear', 'Ear'], ['teacher', 'Teacher'], ['researcher', 'Researcher']];
const PROVIDERS = ['anthropic', 'openai', 'xai', 'gemini'];
const ORGAN_FIELDS = ['model', 'provider', 'api_key', 'url'];

/* ---- the API token: kept in this tab's sessionStorage only, sent as a bearer header ---------------- */

const TOKEN_KEY = 'eternego.token';

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function showSignIn(message) {
  $('#sign-in').hidden = false;
  $('#app').hidden = true;
  $('#sign-out').hidden = true;
  $('#sign-in-message').textContent = message;
  $('#sign-in-form input[name=token]').focus();
}

function showApp() {
  $('#sign-in').hidden = true;
  $('#app').hidden = false;
  $('#sign-out').hidden = !token();
}

/** Sentences for answers that carry no JSON detail. */
const STATUS_SENTENCES = {
  401: 'Sign in with the API token first.',
  413: 'The upload is larger than this service accepts.',
};

async function detailOf(response) {
  try {
    const body = await response.json();
    if (body && typeof body.detail === 'string') return body.detail;
  } catch (error) {
    // not JSON: the sentence below says what happened
  }
  return STATUS_SENTENCES[response.status] || 'The service could not do this; try again in a moment.';
}

/** fetch with the token; a 401 asks for the token, any other failure throws the service's sentence. */
async function send(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  const used = token();
  if (used) headers.Authorization = `Bearer ${used}`;
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    // Only the first refusal of a token speaks: requests sent alongside it were refused the same way.
    if (token() === used) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn(used ? 'That token was refused; enter it again.' : '');
    }
    throw new Error(STATUS_SENTENCES[401]);
  }
  if (!response.ok) throw new Error(await detailOf(response));
  return response;
}

async function api(path, options = {}) {
  const response = await send(path, options);
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : null;
}

function postJson(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

/* ---- small DOM helpers ------------------------------------------------------------------------------ */

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function button(label, handler, attributes = {}) {
  const node = element('button', label, { type: 'button', ...attributes });
  node.addEventListener('click', handler);
  return node;
}

function bytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit ? value.toFixed(1) : value} ${units[unit]}`;
}

function byName(a, b) {
  return (a.name || '').localeCompare(b.name || '', 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);
}

function say(selector, text) {
  $(selector).textContent = text;
}

/* ---- organ fields, the same for create, migrate and update ------------------------------------------ */

/** The form field of an organ: migrate names the Mind's fields bare (model, provider, api_key, url). */
function organField(form, organ, field) {
  return form === 'migrate' && organ === 'thinking' ? field : `${organ}_${field}`;
}

function organFieldset(form, organ, title) {
  const set = element('fieldset', null, { 'data-organ': organ });
  set.append(element('legend', organ === 'thinking' ? 'Mind (thinking)' : title));
  const model = element('input', null, { name: organField(form, organ, 'model'), autocomplete: 'off' });
  if (organ === 'thinking' && form !== 'update') {
    model.required = true;
    model.placeholder = 'qwen2.5:14b';
  }
  const provider = element('select', null, { name: organField(form, organ, 'provider') });
  provider.append(element('option', 'local (Ollama)', { value: '' }));
  for (const name of PROVIDERS) provider.append(element('option', name));
  const key = element('input', null, { name: organField(form, organ, 'api_key'), type: 'password', autocomplete: 'off' });
  const url = element('input', null, { name: organField(form, organ, 'url'), placeholder: "the provider's default" });
  for (const [label, input] of [['model', model], ['provider', provider], ['API key', key], ['base URL', url]]) {
    const wrapper = element('label', `${title} ${label} `);
    wrapper.append(input);
    set.append(wrapper);
  }
  if (form === 'update' && organ !== 'thinking') {
    const clear = element('label', null, { class: 'check' });
    clear.append(element('input', null, { type: 'checkbox', name: `clear_${organ}` }), ` Remove ${title}`);
    set.append(clear);
  }
  return set;
}

for (const container of document.querySelectorAll('.organs')) {
  const form = container.dataset.form;
  container.append(organFieldset(form, 'thinking', 'Mind'));
  const more = element('details');
  more.append(element('summary', 'More organs'));
  for (const [organ, title] of ORGANS.slice(1)) more.append(organFieldset(form, organ, title));
  container.append(more);
}

/* ---- progress: one bar per part, updated in place --------------------------------------------------- */

function showProgress(box, progress) {
  let row = [...box.children].find((child) => child.dataset.part === progress.part);
  if (!row) {
    row = element('div', null, { class: 'part', 'data-part': progress.part });
    const label = element('span', null, { id: `${box.id}-${progress.part}` });
    const bar = element('progress', null, { 'aria-labelledby': label.id });
    row.append(label, bar);
    box.append(row);
  }
  const bar = $('progress', row);
  if (progress.total) {
    bar.max = progress.total;
    bar.value = progress.completed || 0;
  } else if (progress.step === 'ready' || progress.step === 'saved') {
    if (!bar.hasAttribute('value')) bar.max = 1;
    bar.value = bar.max;
  }
  row.classList.toggle('failed', progress.step === 'failed');
  const amount = progress.total ? ` ${bytes(progress.completed || 0)} of ${bytes(progress.total)}` : '';
  $('span', row).textContent = `${progress.part}: ${progress.step}${amount}${progress.detail ? ` (${progress.detail})` : ''}`;
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

/** POSTs with Accept: text/event-stream, draws progress in box and resolves with the result event. */
async function runWithProgress(path, options, box) {
  box.replaceChildren();
  const response = await send(path, { ...options, method: 'POST', headers: { ...(options.headers || {}), Accept: 'text/event-stream' } });
  let result = null;
  let failure = null;
  await readEvents(response, (name, data) => {
    if (name === 'progress') showProgress(box, data);
    else if (name === 'result') result = data;
    else if (name === 'error') failure = data;
  });
  if (failure !== null) {
    // a persona born but not started still has her phrase told, in the error itself
    throw Object.assign(new Error(failure.detail), { recoveryPhrase: failure.recovery_phrase });
  }
  if (result === null) throw new Error('The service stopped answering before it finished; look at the list before trying again.');
  return result;
}

/* ---- personas ---------------------------------------------------------------------------------------- */

let openId = null;

async function act(path, options = { method: 'POST' }) {
  try {
    const body = await api(path, options);
    say('#personas-message', body && body.detail ? body.detail : '');
  } catch (error) {
    say('#personas-message', error.message);
  }
  await refresh();
}

async function exportDiary(persona) {
  try {
    const response = await send(`/api/persona/${persona.id}/export`);
    const url = URL.createObjectURL(await response.blob());
    const link = element('a', null, { href: url, download: `${persona.id}.diary` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say('#personas-message', `${persona.name}'s diary is downloaded as ${persona.id}.diary.`);
  } catch (error) {
    say('#personas-message', error.message);
  }
}

/** Asks in a dialog; resolves with {purge} when confirmed, null when not. */
function ask(text, { purge = false, confirm = 'Delete' } = {}) {
  const dialog = $('#confirm');
  say('#confirm-text', text);
  $('#confirm-purge').checked = false;
  $('#confirm-purge-label').hidden = !purge;
  say('#confirm-ok', confirm);
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'ok' ? { purge: $('#confirm-purge').checked } : null);
    }, { once: true });
  });
}

async function deletePersona(persona) {
  const answer = await ask(`Delete ${persona.name}? Her newest diary is kept in the archive unless you purge.`,
    { purge: true });
  if (!answer) return;
  if (openId === persona.id) closePersona();
  await act(`/api/persona/${persona.id}/delete${answer.purge ? '?purge=true' : ''}`);
}

function personaRow(p) {
  const row = element('tr', null, { 'data-id': p.id });
  row.append(element('td', p.name), element('td', p.thinking ? p.thinking.name : ''), element('td', p.status),
    element('td', p.running ? 'yes' : 'no'), element('td', p.birthday || ''));
  const actions = element('td', null, { class: 'actions' });
  const base = `/api/persona/${p.id}`;
  actions.append(
    button('Open', () => openPersona(p.id)),
    p.running ? button('Stop', () => act(`${base}/stop`)) : button('Start', () => act(`${base}/start`)),
    button('Restart', () => act(`${base}/restart`)),
    button('Sleep', () => act(`${base}/sleep`)),
    button('Export', () => exportDiary(p)),
    button('Delete', () => deletePersona(p)));
  row.append(actions);
  return row;
}

function archiveRow(a) {
  const row = element('tr', null, { 'data-id': a.id });
  row.append(element('td', a.name || '(name unknown)'), element('td', a.id, { class: 'id' }),
    element('td', new Date(a.date).toLocaleString()), element('td', bytes(a.size)));
  const actions = element('td', null, { class: 'actions' });
  actions.append(button('Remove', async () => {
    const answer = await ask(`Remove the archived diary of ${a.name || a.id} for good? It cannot be migrated afterwards.`,
      { confirm: 'Remove' });
    if (!answer) return;
    try {
      const body = await api(`/api/archives/${a.id}`, { method: 'DELETE' });
      say('#archives-message', body.detail);
    } catch (error) {
      say('#archives-message', error.message);
    }
    await refresh();
  }));
  row.append(actions);
  return row;
}

async function refresh() {
  const [{ personas }, { archives }] = await Promise.all([api('/api/personas'), api('/api/archives')]);
  personas.sort(byName);
  $('#personas tbody').replaceChildren(...personas.map(personaRow));
  $('#personas').hidden = personas.length === 0;
  $('#personas-empty').hidden = personas.length !== 0;
  $('#archives tbody').replaceChildren(...archives.map(archiveRow));
  $('#archives').hidden = archives.length === 0;
  $('#archives-empty').hidden = archives.length !== 0;
  if (openId && personas.some((p) => p.id === openId)) await showPersona(openId);
}

function facts(list, pairs) {
  list.replaceChildren();
  for (const [term, value] of pairs) {
    if (value === undefined || value === null || value === '') continue;
    list.append(element('dt', term), element('dd', String(value)));
  }
}

async function showPersona(id) {
  const p = await api(`/api/persona/${id}`);
  say('#persona-title', p.name);
  facts($('#persona-facts'), [['Id', p.id], ['Status', p.status], ['Running', p.running ? 'yes' : 'no'],
    ['Birthday', p.birthday], ['Base model', p.base_model], ['Idle timeout', p.idle_timeout && `${p.idle_timeout} s`]]);
  const organs = ORGANS.filter(([organ]) => p[organ]).map(([organ, title]) => {
    const row = element('tr');
    row.append(element('td', title), element('td', p[organ].name), element('td', p[organ].provider || 'local'),
      element('td', p[organ].url || '', { class: 'id' }));
    return row;
  });
  $('#persona-organs tbody').replaceChildren(...organs);
  $('#persona-channels').replaceChildren(...(p.channels || []).map((c) => channelItem(p.id, c)));
}

/** How a channel is doing, in words: paired or not, connected or not, last message in and out, last trouble. */
function channelWords(c) {
  const when = (time) => (time ? new Date(time).toLocaleString() : 'never');
  const words = [c.verified ? `paired to chat ${c.name}` : 'not paired yet', c.connected ? 'connected' : 'not connected',
    `last message in: ${when(c.last_in)}`, `last message out: ${when(c.last_out)}`];
  if (c.last_error) words.push(`last trouble: ${c.last_error}`);
  return `${c.type}: ${words.join(', ')}`;
}

/** One channel; an unpaired one carries its pairing box: the code her bot gave the first chat that wrote. */
function channelItem(id, c) {
  const item = element('li', channelWords(c), { class: 'channel', 'data-type': c.type });
  if (c.verified) return item;
  const form = element('form', null, { class: 'pair' });
  const label = element('label', `Pairing code for ${c.type} (write to her bot, it answers with a code) `);
  label.append(element('input', null, { name: 'code', required: '', maxlength: '6', pattern: '[0-9A-Fa-f]{6}',
    autocomplete: 'off' }));
  const status = element('p', null, { role: 'status', class: 'pair-message' });
  form.append(label, element('button', 'Pair', { type: 'submit' }), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const body = await postJson(`/api/persona/${id}/pair`, { code: form.elements.code.value.trim() });
      status.textContent = body.detail;
      await showPersona(id);
    } catch (error) {
      status.textContent = error.message;
    }
  });
  item.append(form);
  return item;
}

async function diagnose(id) {
  const d = await api(`/api/persona/${id}/diagnose`);
  facts($('#diagnosis'), [['Status', d.status], ['Running', d.running ? 'yes' : 'no'],
    ['Why sick', d.sick_reason], ['Next retry', d.next_recovery && new Date(d.next_recovery).toLocaleString()],
    ['Last diary', d.last_diary ? new Date(d.last_diary).toLocaleString() : 'none yet'],
    ...(d.channels || []).map((c) => [`Channel ${c.type}`, channelWords(c).slice(c.type.length + 2)])]);
  $('#heartbeats tbody').replaceChildren(...d.heartbeats.slice().reverse().map((beat) => {
    const row = element('tr');
    row.append(element('td', new Date(beat.time).toLocaleString()), element('td', beat.ok ? 'yes' : 'no'),
      element('td', (beat.faults || []).join(', ')));
    return row;
  }));
  $('#heartbeats').hidden = d.heartbeats.length === 0;
}

/* ---- her memory: what she knows, corrected by hand, and her calendar --------------------------------- */

/** The files she knows, in upstream's order: the ones a person may correct. */
const KNOWN_FILES = ['person.md', 'traits.md', 'wishes.md', 'struggles.md', 'persona-trait.md', 'permissions.md',
  'notes.md'];

function knowledgeEditor(id, file, text) {
  const form = element('form', null, { class: 'knowledge-file', 'data-file': file });
  const label = element('label', file);
  const area = element('textarea', null, { name: 'text', rows: '4' });
  area.value = text;
  label.append(area);
  form.append(label, element('button', `Save ${file}`, { type: 'submit' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('#knowledge-message', '');
    try {
      await api(`/api/persona/${id}/knowledge/${encodeURIComponent(file)}`, {
        method: 'PUT', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: area.value,
      });
      say('#knowledge-message', `${file} is saved: she reads it at her next turn.`);
    } catch (error) {
      say('#knowledge-message', `${file} is not saved: ${error.message}`);
    }
  });
  return form;
}

async function loadKnowledge(id) {
  const { memory, instruction } = await api(`/api/persona/${id}/knowledge`);
  $('#knowledge').replaceChildren(...KNOWN_FILES.map((file) => knowledgeEditor(id, file, memory[file] || '')));
  $('#instruction').replaceChildren(...instruction.map((i) => {
    const item = element('li', null, { 'data-file': i.file });
    item.append(element('strong', i.intention), ` (${i.source}, ${i.file})`, element('pre', i.body));
    return item;
  }));
  $('#instruction-empty').hidden = instruction.length !== 0;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

async function loadCalendar(id) {
  const form = $('#calendar');
  const { history, destiny } = await api(`/api/persona/${id}/calendar?start=${encodeURIComponent(form.start.value)}`
    + `&end=${encodeURIComponent(form.end.value)}`);
  const entries = [];
  for (const [half, groups] of [['past', history], ['to come', destiny]]) {
    for (const [kind, list] of Object.entries(groups)) {
      for (const entry of list) entries.push({ half, kind, ...entry });
    }
  }
  entries.sort((a, b) => a.time.localeCompare(b.time));
  $('#calendar-entries').replaceChildren(...entries.map((e) => {
    const item = element('li', null, { class: e.kind, 'data-file': e.file });
    const when = `${e.time.replace('T', ' ')} · ${e.kind}, ${e.half}${e.recurrence && e.recurrence !== 'none'
      ? `, ${e.recurrence}` : ''}`;
    item.append(element('strong', when), element('pre', e.body));
    return item;
  }));
  $('#calendar-empty').hidden = entries.length !== 0;
}

$('#calendar').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('#calendar-message', '');
  try {
    await loadCalendar(openId);
  } catch (error) {
    say('#calendar-message', error.message);
  }
});

/* ---- talking with her -------------------------------------------------------------------------------- */

/** What she says when her Mind fails: her reply itself, shown as a fault. */
const CANNOT_THINK = "I can't think right now";

/** What a file of hers is, by its extension: shown as an image, played as audio, or linked. */
const IMAGE_FILE = /\.(png|jpe?g|gif|webp)$/i;
const AUDIO_FILE = /\.(ogg|mp3|wav|m4a|webm)$/i;

function chatLine(role, content, media) {
  const line = element('li', content, { class: role });
  if (role === 'persona' && content.startsWith(CANNOT_THINK)) line.classList.add('fault');
  if (media && media.source && openId) line.append(mediaView(openId, media));
  return line;
}

/**
 * Her file from the media route, fetched with the token (an <img> or <audio> cannot send one) and shown as an
 * image (its caption as its text), an audio player, or a link to the document.
 */
function mediaView(id, media) {
  const name = media.source.split('/').pop();
  const view = IMAGE_FILE.test(name) ? element('img', null, { alt: media.caption || name })
    : AUDIO_FILE.test(name) ? element('audio', null, { controls: '' })
      : element('a', name, { download: name });
  view.classList.add('media');
  send(`/api/persona/${id}/media/${encodeURIComponent(name)}`)
    .then((response) => response.blob())
    .then((blob) => {
      const url = URL.createObjectURL(blob);
      if (view.tagName === 'A') view.href = url;
      else view.src = url;
    })
    .catch((error) => view.replaceWith(element('span', error.message, { class: 'fault' })));
  return view;
}

async function loadConversation(id) {
  const { messages } = await api(`/api/persona/${id}/conversation`);
  $('#chat-log').replaceChildren(...messages.map((m) => chatLine(m.role, m.content, m.media)));
  $('#chat-log').scrollTop = $('#chat-log').scrollHeight;
  return messages;
}

/**
 * Hands her a file with words: an image to /see (her eye), audio or a document to /upload (her ear, her
 * researcher). Her answer comes in her conversation once her organ and her Mind are done: it is read again
 * every second until her reply is there, for at most two minutes.
 */
async function showFile(id, file, caption) {
  const form = new FormData();
  const image = file.type.startsWith('image/');
  form.append(image ? 'image' : 'file', file, file.name);
  if (caption) form.append('caption', caption);
  const log = $('#chat-log');
  const waiting = element('li', `Sending ${file.name}…`, { class: 'persona typing' });
  log.append(waiting);
  log.scrollTop = log.scrollHeight;
  try {
    const last = (await api(`/api/persona/${id}/conversation?limit=1`)).messages[0];
    const since = last ? last.time : '';
    await send(`/api/persona/${id}/${image ? 'see' : 'upload'}`, { method: 'POST', body: form });
    waiting.textContent = 'She is taking it in…';
    for (let tries = 0; tries < 120 && openId === id; tries += 1) {
      const { messages } = await api(`/api/persona/${id}/conversation?limit=2`);
      const [heard, answer] = messages;
      if (answer && answer.role === 'persona' && heard.media && heard.time > since) break;
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
    }
    if (openId === id) await loadConversation(id);
  } catch (error) {
    waiting.remove();
    if (openId === id) say('#chat-message', error.message);
  }
}

/** Sends her a message and draws her answer word by word; the typing line stands until her first word. */
async function talk(id, text) {
  const log = $('#chat-log');
  const answer = element('li', 'She is thinking…', { class: 'persona typing' });
  log.append(chatLine('person', text), answer);
  log.scrollTop = log.scrollHeight;
  let said = null;
  let failure = null;
  try {
    const response = await send(`/api/persona/${id}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ message: text }),
    });
    await readEvents(response, (name, data) => {
      if (name === 'token') {
        if (answer.classList.contains('typing')) {
          answer.classList.remove('typing');
          answer.textContent = '';
        }
        answer.textContent += data.text;
        log.scrollTop = log.scrollHeight;
      } else if (name === 'said') said = data;
      else if (name === 'error') failure = data;
    });
  } catch (error) {
    failure = { detail: error.message };
  }
  // another persona may have been opened meanwhile: her panel is not told about this one
  const here = openId === id;
  if (said !== null) {
    answer.replaceWith(chatLine('persona', said.content, said.media));
    if (here && said.content.startsWith(CANNOT_THINK)) say('#chat-message', said.content);
  } else {
    answer.remove();
    if (here) {
      say('#chat-message', failure ? failure.detail
        : 'She stopped answering before she finished; open her again to see what she kept.');
    }
  }
}

$('#chat').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const input = form.elements.message;
  const text = input.value.trim();
  const file = form.elements.attachment.files[0];
  if (!text && !file) return;
  const submit = $('button[type=submit]', form);
  submit.disabled = true;
  say('#chat-message', '');
  input.value = '';
  form.elements.attachment.value = '';
  try {
    if (file) await showFile(openId, file, text);
    else await talk(openId, text);
  } finally {
    submit.disabled = false;
    input.focus();
  }
});

$('#chat textarea').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('#chat').requestSubmit();
  }
});

async function openPersona(id) {
  openId = id;
  say('#update-message', '');
  say('#chat-message', '');
  $('#update').reset();
  try {
    await showPersona(id);
    await loadConversation(id);
    say('#knowledge-message', '');
    say('#calendar-message', '');
    const today = new Date();
    $('#calendar').start.value = isoDay(new Date(today.getTime() - 30 * 86400000));
    $('#calendar').end.value = isoDay(new Date(today.getTime() + 31 * 86400000));
    await loadKnowledge(id);
    await loadCalendar(id);
    await diagnose(id);
    $('#persona').hidden = false;
    $('#persona').scrollIntoView();
  } catch (error) {
    say('#personas-message', error.message);
  }
}

function closePersona() {
  openId = null;
  $('#persona').hidden = true;
}

$('#persona-close').addEventListener('click', closePersona);
$('#diagnose').addEventListener('click', async () => {
  try {
    await diagnose(openId);
  } catch (error) {
    say('#update-message', error.message);
  }
});

/** The update body: only what the person filled in or ticked. */
function updateBody(form) {
  const data = new FormData(form);
  const text = (name) => (data.get(name) || '').trim();
  const body = {};
  if (text('name')) body.name = text('name');
  if (text('status')) body.status = text('status');
  for (const [organ] of ORGANS) {
    const declared = {};
    for (const field of ORGAN_FIELDS) {
      if (text(`${organ}_${field}`)) declared[field] = text(`${organ}_${field}`);
    }
    if (Object.keys(declared).length) body[organ] = declared;
    if (data.get(`clear_${organ}`)) body[`clear_${organ}`] = true;
  }
  for (const channel of ['telegram', 'discord']) {
    if (text(`${channel}_token`)) body[`${channel}_token`] = text(`${channel}_token`);
    if (data.get(`clear_${channel}`)) body[`clear_${channel}`] = true;
  }
  return body;
}

$('#update').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const submit = $('button[type=submit]', form);
  submit.disabled = true;
  say('#update-message', '');
  try {
    const { detail } = await postJson(`/api/persona/${openId}/update`, updateBody(form));
    form.reset();
    say('#personas-message', detail);
    await refresh();
  } catch (error) {
    say('#update-message', error.message);
  } finally {
    submit.disabled = false;
  }
});

/* ---- create and migrate ------------------------------------------------------------------------------ */

$('#create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  if (!$('#phrase-box').hidden) {
    say('#create-message', 'Save the recovery phrase shown below first, then say so with "I saved it".');
    return;
  }
  const body = {};
  for (const [key, value] of new FormData(form).entries()) {
    if (value !== '') body[key] = value;
  }
  say('#create-message', '');
  const submit = $('button[type=submit]', form);
  submit.disabled = true;
  try {
    const result = await runWithProgress('/api/persona/create',
      { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, $('#create-progress'));
    showPhrase(result.recovery_phrase);
    form.reset();
  } catch (error) {
    if (error.recoveryPhrase) {
      showPhrase(error.recoveryPhrase);
      form.reset();
    }
    say('#create-message', error.message);
  } finally {
    submit.disabled = false;
    await refresh().catch((error) => say('#personas-message', error.message));
  }
});

function showPhrase(phrase) {
  say('#phrase', phrase);
  say('#phrase-copied', '');
  $('#phrase-box').hidden = false;
}

$('#phrase-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('#phrase').textContent);
    say('#phrase-copied', 'Copied.');
  } catch (error) {
    say('#phrase-copied', 'The browser would not copy; select the words and copy them yourself.');
  }
});

$('#phrase-saved').addEventListener('click', () => {
  say('#phrase', '');
  say('#phrase-copied', '');
  say('#create-message', '');
  $('#phrase-box').hidden = true;
});

$('#migrate').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  for (const [key, value] of [...data.entries()]) {
    if (value === '') data.delete(key);
  }
  say('#migrate-message', '');
  const submit = $('button[type=submit]', form);
  submit.disabled = true;
  try {
    const { persona } = await runWithProgress('/api/persona/migrate', { body: data }, $('#migrate-progress'));
    say('#personas-message', `${persona.name} is here.`);
    form.reset();
  } catch (error) {
    say('#migrate-message', error.message);
  } finally {
    submit.disabled = false;
    await refresh().catch((error) => say('#personas-message', error.message));
  }
});

/* ---- sign in and out ---------------------------------------------------------------------------------- */

$('#sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('input[name=token]', event.target);
  sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = '';
  showApp();
  await refresh().catch((error) => say('#personas-message', error.message));
});

$('#sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  closePersona();
  say('#phrase', '');
  $('#phrase-box').hidden = true;
  $('#personas tbody').replaceChildren();
  $('#archives tbody').replaceChildren();
  $('#chat-log').replaceChildren();
  showSignIn('You are signed out.');
});

showApp();
refresh().catch((error) => say('#personas-message', error.message));
