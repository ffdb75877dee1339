// The header and method types of the public API live in NetworkCore, which is not a product:
// re-export them so that `import NetworkLabClient` is all a user needs.
@_exported import struct NetworkCore.HeaderFields
@_exported import struct NetworkCore.RequestMethod
