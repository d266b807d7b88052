"""Documents of an application: checked, scanned and streamed into GridFS in one pass."""
