// These tests start PostgreSQL with runuser/pg_ctl and check Unix file modes: they are Linux-only by design.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
