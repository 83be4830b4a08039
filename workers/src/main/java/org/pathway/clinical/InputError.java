package org.pathway.clinical;

/** What is wrong with an input document: the JSON pointer of the field and the reason. */
public record InputError(String pointer, String reason) {}
