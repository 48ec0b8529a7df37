"""Development e-mail: each message printed as a person reads it.

Django's console backend prints the wire format: a French body is quoted-printable or
base64, so "é" is "=C3=A9" and a confirmation link is cut at 76 columns by "=" soft breaks,
and long headers are folded. This one prints the decoded headers on one line each and the
plain-text body whole, links included; the HTML version is only mentioned.
"""

from django.core.mail.backends import console


class EmailBackend(console.EmailBackend):
    def write_message(self, message):
        lines = [
            f"De : {message.from_email}",
            f"À : {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc : {', '.join(message.cc)}")
        lines.append(f"Objet : {message.subject}")
        lines += ["", message.body.strip(), ""]
        kinds = [kind for _, kind in getattr(message, "alternatives", [])]
        if kinds:
            lines.append(f"[aussi en {', '.join(kinds)}]")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
