// Package imgfile is augpipe's file-system side: it finds the input images
// in a folder, reads and decodes them within a pixel limit, reads the EXIF
// orientation, encodes JPEG and writes outputs atomically.
//
// It lives under io/ so that the standard library's io keeps its name; every
// file-system concern of augpipe belongs here.
package imgfile
