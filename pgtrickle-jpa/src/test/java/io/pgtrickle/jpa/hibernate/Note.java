package io.pgtrickle.jpa.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An ordinary entity whose table schema generation creates.
 */
@Entity
@Table(name = "notes")
class Note {

	@Id
	private Long id;

	private String text;

}
