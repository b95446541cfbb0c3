// A scriptable SMTP server for tests (never for production). Usage:
//   node scripted-smtp.js <smtpPort> <httpPort>
// Loads smtp-server from the repository's infra/node_modules (npm ci --prefix infra).
// Control endpoint (HTTP on 127.0.0.1:<httpPort>):
//   POST   /plan      {"someone@example.org": [421, 250], "*": [...]} -> replies for RCPT TO, per recipient, in order;
//                     a recipient with no planned reply left (and no "*") is accepted with 250.
//   GET    /messages  -> [{ "from": "...", "to": ["..."], "subject": "...", "raw": "..." }] accepted messages
//   GET    /log       -> ["RCPT someone 421", ...] every RCPT decision
//   DELETE /messages  -> clears messages and log
//   POST   /drop      -> drops every open SMTP connection (an idle session closed by the server)
'use strict';
const http = require('http');
const path = require('path');
const { createRequire } = require('module');
const infraRequire = createRequire(path.join(__dirname, '..', '..', '..', 'infra', 'package.json'));
const { SMTPServer } = infraRequire('smtp-server');

const smtpPort = Number(process.argv[2]);
const httpPort = Number(process.argv[3]);
const plan = new Map();
const messages = [];
const log = [];

function nextReply(recipient) {
  for (const key of [recipient, '*']) {
    const replies = plan.get(key);
    if (replies && replies.length > 0) {
      return replies.shift();
    }
  }
  return 250;
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onRcptTo(address, session, callback) {
    const recipient = address.address.toLowerCase();
    const code = Number(nextReply(recipient));
    log.push(`RCPT ${recipient} ${code}`);
    if (code >= 400) {
      const error = new Error(code >= 500 ? 'Mailbox unavailable (scripted)' : 'Service not available, try again later (scripted)');
      error.responseCode = code;
      return callback(error);
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw);
      messages.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: subject ? subject[1].replace(/\r?\n[ \t]/g, ' ') : '',
        raw,
      });
      callback();
    });
  },
});
smtp.on('error', (error) => console.error(`smtp error: ${error.message}`));

const control = http.createServer((request, response) => {
  const reply = (status, body) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.method === 'GET' && request.url === '/messages') return reply(200, messages);
  if (request.method === 'GET' && request.url === '/log') return reply(200, log);
  if (request.method === 'DELETE' && request.url === '/messages') {
    messages.length = 0;
    log.length = 0;
    return reply(200, {});
  }
  if (request.method === 'POST' && request.url === '/drop') {
    const open = smtp.connections.size;
    smtp.connections.forEach((connection) => connection.close());
    return reply(200, { dropped: open });
  }
  if (request.method === 'POST' && request.url === '/plan') {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      try {
        for (const [recipient, replies] of Object.entries(JSON.parse(body))) {
          plan.set(recipient.toLowerCase(), replies.map(Number));
        }
        reply(200, {});
      } catch (error) {
        reply(400, { error: error.message });
      }
    });
    return undefined;
  }
  return reply(404, { error: 'unknown route' });
});

smtp.listen(smtpPort, '127.0.0.1', () => {
  control.listen(httpPort, '127.0.0.1', () => console.log(`scripted-smtp listening smtp=${smtpPort} http=${httpPort}`));
});
process.on('SIGTERM', () => process.exit(0));
