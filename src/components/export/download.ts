// Hands a Blob to the browser as a download. The name is chosen by the caller and must not
// carry log text: a file name is shown by the OS and the browser, outside the app's control.

// Revoking the URL in the same task as the click can cancel the download in some browsers;
// a short delay lets the download start, and then the Blob can be freed.
const REVOKE_AFTER_MS = 10_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
