namespace Berth.DockerConfig;

/// <summary>What went wrong with a docker config file, a key file or an encrypted dockercfg.</summary>
public enum DockerConfigErrorKind
{
    /// <summary>The text is not valid JSON; the message reads like Go's encoding/json.</summary>
    Syntax,

    /// <summary>Valid JSON with the wrong shape or an undecodable <c>auth</c> value.</summary>
    InvalidContent,

    /// <summary>No AES key was supplied for decryption.</summary>
    KeyMissing,

    /// <summary>The key file is empty, not base64, the wrong length or an unknown version.</summary>
    InvalidKeyFile,

    /// <summary>The supplied key is not the one the file was encrypted with.</summary>
    KeyMismatch,

    /// <summary>The encrypted file ends before its declared length.</summary>
    Truncated,

    /// <summary>The AES-GCM tag did not verify: the file was modified.</summary>
    AuthenticationFailed,

    /// <summary>The input is not an encrypted dockercfg at all.</summary>
    NotEncrypted,

    /// <summary>An encrypted dockercfg from a newer format version.</summary>
    UnsupportedVersion,
}
