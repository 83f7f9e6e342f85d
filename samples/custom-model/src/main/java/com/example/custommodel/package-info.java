/** A user-written DJL model annotated with lion-dg roles. */
package com.example.custommodel;
