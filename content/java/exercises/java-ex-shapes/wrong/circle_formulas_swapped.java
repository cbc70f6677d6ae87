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
        return 2 * Math.PI * radius;
    }

    public double perimeter() {
        return Math.PI * radius * radius;
    }
}

class Rectangle implements Shape {
    private final double width;
    private final double height;

    Rectangle(double width, double height) {
        this.width = width;
        this.height = height;
    }

    public String name() {
        return "rectangle";
    }

    public double area() {
        return width * height;
    }

    public double perimeter() {
        return 2 * (width + height);
    }
}

class Square implements Shape {
    private final double side;

    Square(double side) {
        this.side = side;
    }

    public String name() {
        return "square";
    }

    public double area() {
        return side * side;
    }

    public double perimeter() {
        return 4 * side;
    }
}

public class Main {
    public static void main(String[] args) {
        Scanner in = new Scanner(System.in);
        List<Shape> shapes = new ArrayList<>();
        while (in.hasNext()) {
            String kind = in.next();
            if (kind.equals("circle")) {
                shapes.add(new Circle(in.nextDouble()));
            } else if (kind.equals("rectangle")) {
                shapes.add(new Rectangle(in.nextDouble(), in.nextDouble()));
            } else if (kind.equals("square")) {
                shapes.add(new Square(in.nextDouble()));
            }
        }
        double total = 0;
        for (Shape s : shapes) {
            System.out.printf("%s: area %.2f, perimeter %.2f%n", s.name(), s.area(), s.perimeter());
            total += s.area();
        }
        System.out.printf("total area: %.2f%n", total);
    }
}
