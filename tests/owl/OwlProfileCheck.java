// Checks RDF files against the OWL 2 DL profile with the OWL API (the library Protege uses), from Debian's
// libowlapi-java. tests/test_owl_profile.py compiles and runs it.
//
// Usage: java OwlProfileCheck FILE.ttl   (read as Turtle only, so a syntax error is not retried as another format)
// Prints one line per profile violation and exits 0 when the ontology is in OWL 2 DL, 1 when it is not,
// 2 when a file cannot be parsed.

import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public final class OwlProfileCheck {
    public static void main(String[] args) {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(
                new FileDocumentSource(new File(args[0]), new TurtleDocumentFormat()));
        } catch (OWLOntologyCreationException e) {
            System.out.println("cannot load: " + e.getMessage().split("\n")[0]);
            System.exit(2);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.toString().replace('\n', ' '));
        }
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
