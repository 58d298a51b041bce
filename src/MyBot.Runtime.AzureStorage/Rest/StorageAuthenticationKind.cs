namespace MyBot.Runtime.AzureStorage.Rest;

public enum StorageAuthenticationKind
{
    SharedKey,
    Bearer,
}
