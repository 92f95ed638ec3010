package io.pgtrickle.autoconfigure.jpa.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An ordinary entity, whose table schema generation may create.
 */
@Entity
@Table(name = "notes")
public class Note {

	@Id
	private Long id;

	private String text;

	protected Note() {
	}

	public Note(Long id, String text) {
		this.id = id;
		this.text = text;
	}

	public String getText() {
		return this.text;
	}

}
