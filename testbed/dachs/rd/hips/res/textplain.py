"""Serve the HiPS `properties` files as text/plain (loaded by hips/q).

twisted's static files take their content type from the file name's
extension and fall back to text/html; HiPS's `properties` has none, and
HiPS clients (esodesk's services/hips too) refuse a web page where they
expect properties.  DaCHS's static renderer has no per-service types, so
this module, which DaCHS imports when it loads hips/q (the service's
customPage), maps names without an extension to text/plain in the server
process.  DaCHS's own static files all have extensions.
"""
from twisted.web import static

from gavo.web import constantrender


def initModule():
    static.File.contentTypes[""] = "text/plain; charset=utf-8"


# DaCHS wants a MainPage in a customPage module; hips/q does not allow the
# custom renderer, so it is never served.
MainPage = constantrender.StaticRenderer
