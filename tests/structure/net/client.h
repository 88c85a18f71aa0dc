/* client.h: fixture, the name of an I/O header. */
