#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

exit(await LabCLI.main(Array(CommandLine.arguments.dropFirst())))
