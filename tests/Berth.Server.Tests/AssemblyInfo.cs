// These tests start real registries, PostgreSQL and chromium with Debian's tools: Linux only by design.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
