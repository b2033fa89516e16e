// Helpers shared across the folders (kits, fixtures, the in-memory vault, the test server).
global using AtlasPS.Core.Tests.Http;
global using AtlasPS.Core.Tests.Secrets;
global using AtlasPS.Core.Tests.Suites;
global using AtlasPS.Core.Tests.Workflows;
