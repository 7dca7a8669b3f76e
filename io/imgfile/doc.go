// Package imgfile is augpipe's file-system side: it finds the input images
// in a folder, reads and decodes them within a pixel limit (refusing
// decompression bombs from their headers), reads the EXIF orientation and
// the ICC profile, encodes JPEG carrying that profile, and writes outputs
// atomically, keeping track of temporary files so that an interrupted run
// leaves none behind.
//
// It lives under io/ so that the standard library's io keeps its name; every
// file-system concern of augpipe belongs here.
package imgfile
