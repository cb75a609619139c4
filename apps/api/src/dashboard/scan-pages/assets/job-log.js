// The live log of a job page: follows the page's `data-events` stream (Server-Sent Events, same
// origin, session cookie) and appends each new line; shows the final status when the job ends.
(() => {
  const log = document.getElementById('job-log');
  const events = log?.dataset.events;
  if (!log || !events) return;
  const status = document.getElementById('job-status');
  let last = Number(log.dataset.after || '0');
  const url = new URL(events, window.location.href);
  url.searchParams.set('after', String(last));
  const source = new EventSource(url);

  function lineItem(line) {
    const item = document.createElement('li');
    item.dataset.seq = String(line.seq);
    item.dataset.level = line.level;
    const time = document.createElement('time');
    time.dateTime = line.at;
    time.textContent = String(line.at).slice(11, 19);
    const level = document.createElement('span');
    level.className = 'log-level';
    level.textContent = line.level;
    const message = document.createElement('span');
    message.className = 'log-message';
    message.textContent = line.message;
    item.append(time, ' ', level, ' ', message);
    return item;
  }

  source.addEventListener('log', (event) => {
    const line = JSON.parse(event.data);
    if (line.seq <= last) return;
    last = line.seq;
    log.append(lineItem(line));
  });
  source.addEventListener('end', (event) => {
    source.close();
    const job = JSON.parse(event.data);
    if (status) {
      status.textContent = job.status;
      status.dataset.status = job.status;
    }
    log.dataset.ended = 'true';
  });
})();
