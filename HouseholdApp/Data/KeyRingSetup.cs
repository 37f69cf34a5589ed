using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace HouseholdApp.Data;

internal static class KeyRingSetup
{
    /// <summary>
    /// Sign-in cookies, bearer tokens and antiforgery tokens are protected with Data Protection keys. They live in the
    /// database by default, so sessions survive restarts and every instance on the database accepts the others'
    /// cookies. DataProtection:KeysDirectory keeps them in a folder instead (one instance, or a folder all instances
    /// share). DataProtection:Certificate:Path (a PKCS#12 file, with :Password) encrypts the stored keys with that
    /// certificate.
    /// </summary>
    public static IHostApplicationBuilder AddKeyRing(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("HouseholdApp");
        var keysDirectory = configuration["DataProtection:KeysDirectory"];
        if (string.IsNullOrWhiteSpace(keysDirectory))
        {
            dataProtection.PersistKeysToDbContext<KeyRingDbContext>();
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(keysDirectory));
        }

        var certificatePath = configuration["DataProtection:Certificate:Path"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath,
                configuration["DataProtection:Certificate:Password"]
            );
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException(
                    $"DataProtection:Certificate:Path '{certificatePath}' has no private key, "
                        + "so it cannot decrypt the keys it protects."
                );
            }

            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        return builder;
    }
}
