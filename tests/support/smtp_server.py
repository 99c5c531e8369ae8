"""A real SMTP server for Ethos's tests (aiosmtpd), on a port of its own.

It prints one JSON object a line on standard output: {"event": "listening",
"port": N} once it listens, then {"event": "message", ...} for each message
it accepts, with the envelope, the headers and the decoded text and HTML
parts. Commands, one a line on standard input:

  stop            stop listening and drop open connections (the server is down)
  start           listen again on the same port
  hold            keep each new message waiting before answering it
  release         answer held messages; those whose client went away are dropped
  refuse ADDRESS  answer 550 to that recipient from now on

Options: --user NAME --password SECRET to offer and require AUTH; --quiet
to accept messages without reporting them (for benchmarks).
"""

import argparse
import asyncio
import email
import email.policy
import json
import logging
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def say(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class Handler:
    def __init__(self, quiet=False):
        self.quiet = quiet
        self.refused = set()
        self.holding = False
        self.released = asyncio.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 No one of that name here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.quiet:
            return "250 2.0.0 Ok"
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        if self.holding:
            say(event="holding", message_id=msg.get("Message-ID", ""))
            await self.released.wait()
            if server.transport is None or server.transport.is_closing():
                say(event="dropped", message_id=msg.get("Message-ID", ""))
                return "451 4.3.0 Client went away"
        text = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        say(
            event="message",
            mail_from=envelope.mail_from,
            rcpt_tos=envelope.rcpt_tos,
            auth_user=session.authenticated and getattr(session, "login", None),
            message_id=msg.get("Message-ID", ""),
            subject=msg.get("Subject", ""),
            headers={k: str(v) for k, v in msg.items()},
            text=text.get_content() if text else "",
            html=html.get_content() if html else "",
        )
        return "250 2.0.0 Ok: queued as test-" + str(abs(hash(msg.get("Message-ID", ""))) % 100000)


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            if ok:
                session.login = user
            return AuthResult(success=ok)
        return AuthResult(success=False)

    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    # The test server knows it takes AUTH without TLS; say nothing of it.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    loop = asyncio.get_running_loop()
    handler = Handler(quiet=args.quiet)
    connections = set()

    def factory():
        options = {}
        if args.user:
            options = dict(
                authenticator=authenticator(args.user, args.password),
                auth_required=True,
                auth_require_tls=False,
            )
        smtp = SMTP(handler, hostname="smtp.test", **options)
        connections.add(smtp)
        return smtp

    server = await loop.create_server(factory, "127.0.0.1", args.port)
    port = server.sockets[0].getsockname()[1]
    say(event="listening", port=port)

    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        command, _, arg = line.decode().strip().partition(" ")
        if command == "stop":
            server.close()
            for smtp in list(connections):
                if smtp.transport is not None:
                    smtp.transport.abort()
            connections.clear()
            await server.wait_closed()
            say(event="stopped")
        elif command == "start":
            server = await loop.create_server(factory, "127.0.0.1", port)
            say(event="started")
        elif command == "hold":
            handler.holding = True
            handler.released.clear()
            say(event="hold")
        elif command == "release":
            handler.holding = False
            handler.released.set()
            say(event="released")
        elif command == "refuse":
            handler.refused.add(arg.lower())
            say(event="refusing", address=arg)


asyncio.run(main())
