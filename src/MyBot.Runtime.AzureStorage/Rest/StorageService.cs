namespace MyBot.Runtime.AzureStorage.Rest;

public enum StorageService
{
    Blob,
    Queue,
}
