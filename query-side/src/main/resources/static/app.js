// What the passenger's and the driver's pages share: a bearer token per page, requests to the platform's REST API,
// refusals shown as the problem details they are, and server-sent events read over fetch, because the browser's
// EventSource cannot send an Authorization header.
const Taxi = (() => {
  let token = null;
  let subject = null;

  function show(element, visible) {
    element.hidden = !visible;
  }

  function text(id, value) {
    document.getElementById(id).textContent = value ?? '—';
  }

  function problemText(problem) {
    const detail = problem.detail || problem.title || 'refused';
    return `${problem.status ?? ''} ${problem.code ?? ''}: ${detail}`.trim();
  }

  function report(error) {
    const alert = document.getElementById('error');
    alert.textContent = error ? (error.problem ? problemText(error.problem) : String(error.message || error)) : '';
    show(alert, Boolean(error));
  }

  // The token's subject is who the platform takes this page for: the passenger's or the driver's id.
  function subjectOf(jwt) {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).sub;
  }

  function signIn(jwt) {
    token = jwt;
    subject = subjectOf(jwt);
    return subject;
  }

  // Only the embedded default issues development tokens; elsewhere a token from the identity provider is pasted.
  async function devToken(id, role) {
    const answer = await fetch('/dev/tokens', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({subject: id, role}),
    });
    const body = await answer.json().catch(() => ({status: answer.status}));
    if (!answer.ok) {
      throw Object.assign(new Error('refused'), {problem: body});
    }
    return signIn(body.token);
  }

  async function call(method, path, body, headers = {}) {
    const answer = await fetch(path, {
      method,
      headers: {
        'Authorization': `Bearer ${token}`,
        ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const content = await answer.text();
    const parsed = content ? JSON.parse(content) : null;
    if (!answer.ok) {
      throw Object.assign(new Error('refused'), {problem: parsed || {status: answer.status}});
    }
    return parsed;
  }

  // Follows a stream of server-sent events until stop() or until `ended(view)`; a stream the server closes (after
  // five minutes) is opened again, as EventSource would. onNotFound gets the problem of the stream's not-found event.
  function follow(path, eventName, onView, {ended = () => false, onNotFound = () => {}} = {}) {
    const aborting = new AbortController();
    let stopped = false;
    (async () => {
      while (!stopped) {
        let last = null;
        try {
          const answer = await fetch(path, {
            headers: {'Authorization': `Bearer ${token}`, 'Accept': 'text/event-stream'},
            signal: aborting.signal,
          });
          if (!answer.ok) {
            report({problem: await answer.json().catch(() => ({status: answer.status}))});
            return;
          }
          const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
            buffer += chunk.value;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = parse(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
              if (event.name === eventName) {
                last = JSON.parse(event.data);
                onView(last);
              } else if (event.name === 'not-found') {
                onNotFound(JSON.parse(event.data));
                return;
              }
            }
          }
        } catch (failure) {
          if (stopped) {
            return;
          }
        }
        if (last !== null && ended(last)) {
          return;
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    })();
    return () => {
      stopped = true;
      aborting.abort();
    };
  }

  function parse(block) {
    const event = {name: 'message', data: ''};
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) {
        event.name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        event.data += line.slice(5);
      }
    }
    return event;
  }

  // Signing in: a development token for the id typed in, or a pasted one.
  function wireSignIn(role, onSignedIn) {
    document.getElementById('sign-in').addEventListener('submit', async event => {
      event.preventDefault();
      report(null);
      try {
        const pasted = document.getElementById('token').value.trim();
        const id = pasted ? signIn(pasted) : await devToken(document.getElementById('subject').value.trim(), role);
        text('signed-in', id);
        onSignedIn(id);
      } catch (failure) {
        report(failure);
      }
    });
  }

  return {call, follow, report, show, text, wireSignIn, subject: () => subject};
})();
