using Berth.Connections.Jobs;
using Berth.Server.Auth;
using Berth.Connections.UseCases;

namespace Berth.Server.Dashboard.Pages;

public sealed record ImageRegistriesView(Caller Caller, IReadOnlyList<(string Name, string Url)> Registries, string? NextUrl = null, string? PreviousUrl = null);

/// <summary>A listing of repositories (or of one repository's tags), or why it could not be read.</summary>
public sealed record ListingView(Caller Caller, string Registry, string? Repository, CachedListing? Listing, string? Error);

public sealed record ManifestView(Caller Caller, string Registry, string Repository, string Reference, ImageInspection? Manifest, string? PullReference, string? Error,
    ReferrerReport? Referrers = null, string? ReferrersError = null);
