namespace Berth.Errors;

/// <summary>Error codes of the distribution spec, kept as strings: registries add their own.</summary>
public static class RegistryErrorCodes
{
    public const string BlobUnknown = "BLOB_UNKNOWN";
    public const string BlobUploadInvalid = "BLOB_UPLOAD_INVALID";
    public const string BlobUploadUnknown = "BLOB_UPLOAD_UNKNOWN";
    public const string DigestInvalid = "DIGEST_INVALID";
    public const string ManifestBlobUnknown = "MANIFEST_BLOB_UNKNOWN";
    public const string ManifestInvalid = "MANIFEST_INVALID";
    public const string ManifestUnknown = "MANIFEST_UNKNOWN";
    public const string ManifestUnverified = "MANIFEST_UNVERIFIED";
    public const string NameInvalid = "NAME_INVALID";
    public const string NameUnknown = "NAME_UNKNOWN";
    public const string SizeInvalid = "SIZE_INVALID";
    public const string TagInvalid = "TAG_INVALID";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Denied = "DENIED";
    public const string Unsupported = "UNSUPPORTED";
    public const string TooManyRequests = "TOOMANYREQUESTS";
    public const string PaginationNumberInvalid = "PAGINATION_NUMBER_INVALID";
    public const string RangeInvalid = "RANGE_INVALID";
}
