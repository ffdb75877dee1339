// `Route`, `MockServer.Request` and `MockServer.Response` use these NetworkCore types, which is
// not a product: re-export them so that `import MockServer` is all a user needs.
@_exported import struct NetworkCore.HeaderFields
@_exported import struct NetworkCore.RequestMethod
