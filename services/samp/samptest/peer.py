# A SAMP peer for esodesk's tests: astropy's hub or client, driven from Go.
# Modes:
#   hub LOCKFILE            run a hub until stdin closes
#   receive                 register as "pyreceiver", print one JSON line per
#                           message received, until stdin closes
#   send NAME MTYPE PARAMS  call client NAME (samp.name) with MTYPE and the
#                           JSON PARAMS, print the response as JSON
import json
import sys
import urllib.request

from astropy.samp import conf
conf.use_internet = False
from astropy.samp import SAMPHubServer, SAMPIntegratedClient


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def hub(lockfile):
    h = SAMPHubServer(addr="127.0.0.1", web_profile=False, lockfile=lockfile)
    h.start(wait=False)
    out({"ready": True})
    sys.stdin.read()
    h.stop()


def receive():
    c = SAMPIntegratedClient(name="pyreceiver", addr="127.0.0.1")
    c.connect()

    def describe(mtype, params):
        rec = {"mtype": mtype, "params": params}
        if mtype == "table.load.votable":
            from astropy.io.votable import parse
            data = urllib.request.urlopen(params["url"], timeout=10).read()
            import io
            vt = parse(io.BytesIO(data))
            t = vt.get_first_table()
            rec["rows"] = len(t.array)
            rec["ucds"] = [f.ucd or "" for f in t.fields]
        return rec

    def on_call(private_key, sender_id, msg_id, mtype, params, extra):
        try:
            rec = describe(mtype, params)
            out(rec)
            c.reply(msg_id, {"samp.status": "samp.ok", "samp.result": {}})
        except Exception as e:
            out({"mtype": mtype, "error": str(e)})
            c.reply(msg_id, {"samp.status": "samp.error", "samp.result": {},
                             "samp.error": {"samp.errortxt": str(e)}})

    def on_notify(private_key, sender_id, mtype, params, extra):
        out(describe(mtype, params))

    for mt in ["table.load.votable", "table.highlight.row", "coord.pointAt.sky",
               "table.select.rowList", "spectrum.load.ssa-generic", "image.load.fits"]:
        c.bind_receive_call(mt, on_call)
        c.bind_receive_notification(mt, on_notify)
    out({"ready": c.get_public_id()})
    sys.stdin.read()
    c.disconnect()


def send(name, mtype, params):
    c = SAMPIntegratedClient(name="pysender", addr="127.0.0.1")
    c.connect()
    try:
        target = None
        for cid in c.get_registered_clients():
            try:
                if c.get_metadata(cid).get("samp.name") == name:
                    target = cid
            except Exception:
                pass  # a client that left meanwhile
        if target is None:
            out({"error": "no client named " + name})
            return
        r = c.call_and_wait(target, {"samp.mtype": mtype, "samp.params": json.loads(params)}, "100")
        out(r)
    finally:
        c.disconnect()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "hub":
        hub(sys.argv[2])
    elif mode == "receive":
        receive()
    elif mode == "send":
        send(sys.argv[2], sys.argv[3], sys.argv[4])
