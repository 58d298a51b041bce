'use strict';

// The owner's console. Every piece of data goes into the page as text (textContent, text nodes), never as markup:
// names, errors and payloads come from users and the model.
(() => {
  const sections = ['channels', 'pairing', 'deadletters', 'agents', 'usage'];
  const refreshEvery = 10000;
  const byId = (id) => document.getElementById(id);

  /** Builds an element; string children become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      if (key === 'class') {
        node.className = value;
      } else if (key === 'text') {
        node.textContent = value;
      } else if (key === 'onclick') {
        node.addEventListener('click', value);
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
      }
    }
    return node;
  }

  const fill = (container, nodes) => container.replaceChildren(...nodes);
  const empty = (text) => el('p', { class: 'empty', text });
  const field = (label, value) => el('div', { class: 'field' }, el('span', { class: 'label', text: label }), el('span', { class: 'value' }, value));
  const number = (n) => new Intl.NumberFormat().format(n);

  function when(iso) {
    if (!iso) {
      return '';
    }
    const date = new Date(iso);
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
    const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) || ['second', 1];
    const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' }).format(Math.round(seconds / size), unit);
    return `${relative} (${date.toLocaleString()})`;
  }

  function say(text, isError) {
    const status = byId('status');
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  class ApiProblem extends Error {}

  /** Calls the admin API; an error answer (a problem, RFC 9457) becomes an exception with its detail. */
  async function api(method, path, body) {
    const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    byId('signin').hidden = response.status !== 401;
    if (!response.ok) {
      let detail = response.statusText;
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || detail;
      } catch {
        // Not JSON: the status text says enough.
      }
      throw new ApiProblem(`${response.status}: ${detail}`);
    }
    return response.status === 204 ? null : response.json();
  }

  /** Runs an action from a button, says how it went and reloads the section. */
  async function act(button, description, action) {
    button.disabled = true;
    try {
      await action();
      say(description);
    } catch (error) {
      say(`${description} failed: ${error.message}`, true);
    } finally {
      button.disabled = false;
      await load(current());
    }
  }

  const button = (text, onclick, kind) => el('button', { type: 'button', class: kind ? `action ${kind}` : 'action', onclick }, text);

  // Channels
  async function loadChannels() {
    const overview = await api('GET', '/api/admin/channels');
    byId('channels-silo').textContent = `As seen by silo ${overview.silo}; messages are counted by this silo over the last hour.`;
    fill(byId('channels-list'), overview.channels.map((c) => el('article', { class: `card state-${c.state}`, 'data-platform': c.platform },
      el('div', { class: 'card-head' }, el('h4', { text: c.platform }), el('span', { class: `badge state-${c.state}`, text: c.state })),
      c.reason ? el('p', { class: c.state === 'running' ? 'reason muted' : 'reason', text: c.state === 'running' ? `Last error: ${c.reason}` : c.reason }) : null,
      el('div', { class: 'fields' },
        field('mode', c.mode || '—'),
        c.owner || c.mode === 'polling' || c.mode === 'gateway'
          ? field('owner', c.owner ? (c.ownedHere ? `this silo (${c.owner})` : c.owner) : 'none')
          : null,
        field('in, last hour', number(c.messagesInLastHour)),
        field('out, last hour', number(c.messagesOutLastHour)),
        c.restarts ? field('restarts', number(c.restarts)) : null,
        c.nextStartAt ? field('next start', when(c.nextStartAt)) : null))));
  }

  // Pairing
  async function loadPairing() {
    const overview = await api('GET', '/api/admin/pairing');
    fill(byId('pairing-pending'), overview.pending.length === 0
      ? [empty('No pairing codes are waiting. Someone the bot does not know gets one when they write to it.')]
      : overview.pending.map((p) => el('article', { class: 'card', 'data-code': p.code },
        el('div', { class: 'card-head' }, el('h4', { class: 'code', text: p.code }), el('span', { class: 'badge', text: p.platform })),
        el('div', { class: 'fields' },
          field('who', p.displayName ? `${p.displayName} (${p.userId})` : p.userId),
          field('asked', when(p.createdAt)),
          field('expires', when(p.expiresAt))),
        el('div', { class: 'actions' },
          button('Approve', (e) => act(e.currentTarget, `Approved ${p.code}`, () => api('POST', '/api/admin/pairing/approve', { code: p.code })), 'primary'),
          button('Deny', (e) => act(e.currentTarget, `Denied ${p.code}`, () => api('POST', '/api/admin/pairing/deny', { code: p.code })))))));
    fill(byId('pairing-approved'), overview.approved.length === 0
      ? [empty('Nobody was let in by pairing yet.')]
      : overview.approved.map((u) => el('article', { class: 'card', 'data-user': `${u.platform}:${u.userId}` },
        el('div', { class: 'card-head' }, el('h4', { text: u.displayName ? `${u.displayName} (${u.userId})` : u.userId }), el('span', { class: 'badge', text: u.platform })),
        el('div', { class: 'fields' }, field('approved', when(u.approvedAt))),
        el('div', { class: 'actions' },
          button('Remove', (e) => {
            if (window.confirm(`Take ${u.platform} user ${u.userId}'s access away? They get a new pairing code when they write again.`)) {
              act(e.currentTarget, `Removed ${u.platform} user ${u.userId}`,
                () => api('DELETE', `/api/admin/pairing/approved/${encodeURIComponent(u.platform)}/${encodeURIComponent(u.userId)}`));
            }
          }, 'danger')))));
    fill(byId('pairing-configured'), overview.configured.map((c) => el('article', { class: 'card' },
      el('div', { class: 'card-head' }, el('h4', { text: c.platform }), el('span', { class: 'badge', text: c.policy })),
      el('div', { class: 'chips' }, c.allowedUsers.length === 0 ? empty('No users in its AllowedUsers setting.') : c.allowedUsers.map((u) => el('span', { class: 'chip', text: u }))))));
  }

  // Dead letters
  async function loadDeadLetters() {
    const letters = await api('GET', '/api/admin/deadletters');
    const url = (id) => `/api/admin/deadletters/${encodeURIComponent(id)}`;
    fill(byId('deadletters-list'), letters.length === 0
      ? [empty('No dead letters: nothing was given up on.')]
      : letters.map((l) => {
        const detail = el('pre', { class: 'payload', hidden: true });
        return el('article', { class: 'card', 'data-letter-id': l.id },
          el('div', { class: 'card-head' }, el('h4', { class: 'mono', text: l.key }), el('span', { class: 'badge', text: l.origin })),
          el('p', { class: 'reason', text: l.error.split('\n')[0] }),
          el('div', { class: 'fields' },
            field('failed', when(l.failedAt)),
            field('attempts', number(l.attempts)),
            field('payload', `${number(l.payloadLength)} characters`),
            field('id', el('span', { class: 'mono', text: l.id }))),
          detail,
          el('div', { class: 'actions' },
            button('Show', async (e) => {
              if (!detail.hidden) {
                detail.hidden = true;
                return;
              }
              e.currentTarget.disabled = true;
              try {
                const letter = await api('GET', url(l.id));
                let payload = letter.payload;
                try {
                  payload = JSON.stringify(JSON.parse(payload), null, 2);
                } catch {
                  // Not JSON (an unreadable update): shown as it is.
                }
                detail.textContent = `${letter.error}\n\n${payload}`;
                detail.hidden = false;
              } catch (error) {
                say(`Loading the letter failed: ${error.message}`, true);
              } finally {
                e.currentTarget.disabled = false;
              }
            }),
            button('Retry', (e) => act(e.currentTarget, `Retried ${l.id}`, () => api('POST', `${url(l.id)}/retry`)), 'primary'),
            button('Discard', (e) => {
              if (window.confirm('Discard this dead letter for good?')) {
                act(e.currentTarget, `Discarded ${l.id}`, () => api('DELETE', url(l.id)));
              }
            }, 'danger')));
      }));
  }

  // Agents
  async function loadAgents() {
    const overview = await api('GET', '/api/admin/agents');
    fill(byId('agents-errors'), overview.errors.map((e) => el('article', { class: 'card state-failed' },
      el('div', { class: 'card-head' }, el('h4', { text: e.agent }), el('span', { class: 'badge state-failed', text: 'does not load' })),
      el('p', { class: 'reason', text: e.message }),
      el('p', { class: 'mono muted', text: `${e.path}:${e.line}` }))));
    fill(byId('agents-list'), overview.agents.map((a) => el('article', { class: 'card', 'data-agent': a.name },
      el('div', { class: 'card-head' }, el('h4', { text: a.name }), a.isDefault ? el('span', { class: 'badge', text: 'default' }) : null),
      a.description ? el('p', { text: a.description }) : null,
      el('div', { class: 'fields' },
        field('model', a.modelIsDefault ? `${a.model} (configured default)` : a.model),
        field('file', el('span', { class: 'mono', text: a.path }))),
      el('div', { class: 'chips', 'aria-label': 'tools' }, el('span', { class: 'label', text: 'tools' }),
        a.tools.length === 0 ? el('span', { class: 'muted', text: 'none' }) : a.tools.map((t) => el('span', { class: 'chip', text: t }))),
      el('div', { class: 'chips', 'aria-label': 'bindings' }, el('span', { class: 'label', text: 'bindings' }),
        a.bindings.length === 0 ? el('span', { class: 'muted', text: a.isDefault ? 'every conversation no binding matches' : 'none' }) : a.bindings.map((b) => el('span', { class: 'chip mono', text: b }))))));
  }

  // Usage
  async function loadUsage() {
    const usage = await api('GET', '/api/admin/usage');
    const money = (amount) => amount === null || amount === undefined
      ? 'unknown (a model has no price)'
      : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 }).format(amount)} ${usage.currency}`;
    fill(byId('usage-budgets'), [el('article', { class: 'card' },
      el('div', { class: 'card-head' }, el('h4', { text: 'Budgets' }), el('span', { class: 'badge', text: `UTC ${usage.today}` })),
      el('div', { class: 'fields' }, field('everyone else', usage.defaultDailyTokens > 0 ? `${number(usage.defaultDailyTokens)} tokens a day` : 'no limit')),
      el('div', { class: 'chips' }, usage.budgets.map((b) => el('span', { class: 'chip mono', text: `${b.match}: ${b.dailyTokens > 0 ? number(b.dailyTokens) : 'no limit'}` }))))]);
    fill(byId('usage-users'), usage.users.length === 0
      ? [empty('No usage yet this month or last.')]
      : usage.users.map((u) => {
        const share = u.dailyLimit > 0 ? Math.min(100, Math.round((100 * u.todayTokens) / u.dailyLimit)) : 0;
        return el('article', { class: 'card', 'data-user': u.user },
          el('div', { class: 'card-head' }, el('h4', { class: 'mono', text: u.user }),
            el('span', { class: 'badge', text: u.dailyLimit > 0 ? `${number(u.todayTokens)} / ${number(u.dailyLimit)} today` : `${number(u.todayTokens)} today` })),
          u.dailyLimit > 0 ? meter(share) : null,
          el('table', { class: 'days' },
            el('thead', {}, el('tr', {}, el('th', { text: 'day' }), el('th', { text: 'in' }), el('th', { text: 'out' }), el('th', { text: 'cost' }))),
            el('tbody', {}, u.days.map((d) => el('tr', { title: d.models.map((m) => `${m.model}: ${number(m.inputTokens)} in, ${number(m.outputTokens)} out`).join('\n') },
              el('td', { text: d.day }), el('td', { text: number(d.inputTokens) }), el('td', { text: number(d.outputTokens) }), el('td', { text: money(d.cost) }))))));
      }));
  }

  /** A bar of today's share of the budget; its width is set through the style object, which the page's policy allows. */
  function meter(share) {
    const bar = el('span');
    bar.style.width = `${share}%`;
    return el('div', { class: 'meter', role: 'meter', 'aria-label': 'share of today\'s budget', 'aria-valuenow': share, 'aria-valuemin': 0, 'aria-valuemax': 100 }, bar);
  }

  const loaders = { channels: loadChannels, pairing: loadPairing, deadletters: loadDeadLetters, agents: loadAgents, usage: loadUsage };

  const current = () => (sections.includes(location.hash.slice(1)) ? location.hash.slice(1) : sections[0]);

  async function load(section) {
    try {
      await loaders[section]();
      byId(section).dataset.loaded = new Date().toISOString();
    } catch (error) {
      say(`Loading ${section} failed: ${error.message}`, true);
    }
  }

  function show() {
    const active = current();
    for (const section of sections) {
      byId(section).hidden = section !== active;
      byId(`tab-${section}`).setAttribute('aria-selected', String(section === active));
    }
    load(active);
  }

  window.addEventListener('hashchange', show);
  for (const refresh of document.querySelectorAll('button.refresh')) {
    refresh.addEventListener('click', () => load(current()));
  }
  setInterval(() => {
    // A letter opened to read its payload stays open: the list is not redrawn under the reader.
    if (document.visibilityState === 'visible' && !document.querySelector('pre.payload:not([hidden])')) {
      load(current());
    }
  }, refreshEvery);
  show();
})();
