"""How every server is set up for the HTTPS scenarios of a bench/run.sh run: the keystore, one self-signed
certificate made by the JDK's keytool, kept in the run's directory with its password file and the certificate in
PEM (which openssl and Python verify the servers against); and the JVM options every server gets."""

import os
import secrets
import subprocess
from dataclasses import dataclass

KEY = ["-keyalg", "RSA", "-keysize", "2048"]   # the most common server certificate; stated in the report
DESCRIPTION = "self-signed RSA 2048 certificate for 127.0.0.1 (keytool, PKCS12)"
# So that a new connection is a full handshake: wrk offers each connection's last session again (SSL_clear keeps
# it) and the JDK would resume it, from its session cache or a stateless ticket. A cache of one session, with 32
# connections handshaking in turn, never holds the one offered; no tickets leaves nothing else to resume from.
# Checked on each server before the load (harness.Bench.probe_tls).
JVM_OPTS = ["-Djavax.net.ssl.sessionCacheSize=1", "-Djdk.tls.server.enableSessionTicketExtension=false"]


class KeystoreError(Exception):
    pass


@dataclass(frozen=True)
class Keystore:
    path: str
    password_file: str
    certificate_pem: str

    def server_flags(self):
        """What every server launcher (and Portico's CLI) takes to serve HTTPS with this keystore."""
        return ["--tls-keystore", self.path, "--tls-password-file", self.password_file]


def make(java, directory):
    """A new keystore in directory, made with the keytool next to the java that runs the servers."""
    keytool = os.path.join(os.path.dirname(os.path.realpath(java)), "keytool")
    if not os.access(keytool, os.X_OK):
        raise KeystoreError(f"no keytool next to {java}: the TLS scenarios need it")
    os.makedirs(directory, exist_ok=True)
    store = Keystore(os.path.join(directory, "keystore.p12"), os.path.join(directory, "keystore.password"),
                     os.path.join(directory, "certificate.pem"))
    password = secrets.token_hex(16)
    with open(os.open(store.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(password)   # no newline: whether a server reads a line or the whole file, it gets the same
    if os.path.exists(store.path):
        os.remove(store.path)
    common = ["-keystore", store.path, "-storetype", "PKCS12", "-storepass", password, "-alias", "bench"]
    keytool_run([keytool, "-genkeypair", *common, *KEY, "-validity", "30", "-dname", "CN=127.0.0.1",
                 "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keypass", password])
    keytool_run([keytool, "-exportcert", "-rfc", *common, "-file", store.certificate_pem])
    return store


def keytool_run(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise KeystoreError(f"keytool failed: {(done.stderr or done.stdout).strip()}")
