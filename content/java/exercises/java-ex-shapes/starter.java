import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;

interface Shape {
    String name();
    double area();
    double perimeter();
}

class Circle implements Shape {
    private final double radius;

    Circle(double radius) {
        this.radius = radius;
    }

    public String name() {
        return "circle";
    }

    public double area() {
        return 0; // TODO
    }

    public double perimeter() {
        return 0; // TODO
    }
}

// TODO: add classes Rectangle and Square that implement Shape

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        List<Shape> shapes = new ArrayList<>();
        while (in.hasNext()) {
            String kind = in.next();
            if (kind.equals("circle")) {
                shapes.add(new Circle(in.nextDouble()));
            }
            // TODO: handle "rectangle" and "square"
        }
        double total = 0;
        for (Shape s : shapes) {
            System.out.printf("%s: area %.2f, perimeter %.2f%n", s.name(), s.area(), s.perimeter());
            total += s.area();
        }
        System.out.printf("total area: %.2f%n", total);
    }
}
