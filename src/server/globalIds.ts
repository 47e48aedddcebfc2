// Arize resource ids are opaque "global ids": standard base64 (with `=`
// padding) of text such as `AnnotationQueue:4812` or `User:7:aBcD`. The
// sandbox builds its ids the same way, so many end with `=` and clients must
// percent-encode them in URL paths. Base64 may also contain `+` and `/`.

export function encodeGlobalId(typeName: string, ...parts: Array<string | number>): string {
  const text = [typeName, ...parts].join(':');
  return Buffer.from(text, 'utf8').toString('base64');
}
